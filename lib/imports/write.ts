import { randomUUID } from "node:crypto";
import { recordStaticAddresses } from "@/lib/ipam/service";
import { eq } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { auditLog } from "@/lib/audit/schema";
import { importJobs, type ImportRowIssue } from "@/lib/imports/schema";
import type { AuditActor } from "@/lib/audit/record";
import { assertWithinPlan } from "@/lib/tenants/limits";
import { allocateAccountNumbers, lockAccountSequence, skipAccountNumbersTo } from "@/lib/tenants/service";
import { buildSearchText } from "@/lib/customers/rules";
import { proposeUsername } from "@/lib/subscriptions/rules";
import { encryptSecret, generateServicePassword } from "@/lib/core/crypto";
import { AppError, isUniqueViolation } from "@/lib/core/errors";
import type { ImportContext, ValidRow } from "@/lib/imports/rules";
import { insertRecordset } from "@/lib/imports/bulk-insert";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { queueWebhookEvents } from "@/lib/webhooks/emit";
import { customerCreatedData } from "@/lib/customers/webhook-events";
import { subscriptionEventData } from "@/lib/subscriptions/lifecycle";

type Actor = AuditActor & { tenantId: string };

/** Rows per INSERT statement (sent as one JSON parameter); also the step of the progress events. */
const CHUNK = 1000;

const customerColumns = [
  "id",
  "tenantId",
  "accountNumber",
  "name",
  "phone",
  "altPhone",
  "email",
  "serviceAddress",
  "barangay",
  "city",
  "latitude",
  "longitude",
  "tags",
  "notes",
  "status",
  "searchText",
] as const;
const subscriptionColumns = [
  "id",
  "tenantId",
  "customerId",
  "planId",
  "routerId",
  "username",
  "passwordEncrypted",
  "staticIp",
  "startDate",
  "status",
] as const;
const auditColumns = [
  "tenantId",
  "actorUserId",
  "actorLabel",
  "action",
  "entityType",
  "entityId",
  "customerId",
  "before",
  "after",
  "ipAddress",
] as const;

type WriteInput = {
  jobId: string;
  fileName: string;
  strict: boolean;
  rows: ValidRow[];
  context: ImportContext;
  onProgress: (written: number) => void;
  complete: { totalRows: number; skippedRows: number; issues: ImportRowIssue[] };
};

/**
 * Writes the checked rows in one transaction with multi-row INSERTs: customers, their
 * subscriptions, one `customer.imported` audit entry per customer (on its timeline), one entry
 * for the import, and the job marked completed. Any failure rolls all of it back.
 */
export async function writeImport(db: Db, actor: Actor, input: WriteInput) {
  const { rows, context } = input;
  // Passwords are generated and encrypted before the transaction opens, to keep it short.
  const secrets = rows.map((r) => (r.subscription ? encryptSecret(r.subscription.password ?? generateServicePassword()) : ""));
  try {
    await db.transaction(async (tx) => {
      // The tenant row lock serialises imports and account-number allocation of this tenant.
      const tenant = await lockAccountSequence(tx, { tenantId: actor.tenantId });
      await assertWithinPlan(tx, { tenantId: actor.tenantId, addCustomers: rows.length });

      const accountNumbers = await assignAccountNumbers(tx, actor.tenantId, tenant, rows, context);
      const takenUsernames = new Set([
        ...context.existingUsernames,
        ...rows.flatMap((r) => (r.subscription?.username ? [r.subscription.username] : [])),
      ]);

      for (let start = 0; start < rows.length; start += CHUNK) {
        const customerValues: (typeof customers.$inferInsert)[] = [];
        const subscriptionValues: (typeof subscriptions.$inferInsert)[] = [];
        const auditValues: (typeof auditLog.$inferInsert)[] = [];
        for (let i = start; i < Math.min(start + CHUNK, rows.length); i++) {
          const row = rows[i];
          const id = randomUUID();
          const accountNumber = accountNumbers[i];
          let username: string | null = null;
          if (row.subscription) {
            username = row.subscription.username ?? proposeUsername(accountNumber, (c) => takenUsernames.has(c));
            takenUsernames.add(username);
            const s = row.subscription;
            subscriptionValues.push({
              id: randomUUID(),
              tenantId: actor.tenantId,
              customerId: id,
              planId: s.planId,
              routerId: s.routerId,
              username,
              passwordEncrypted: secrets[i],
              staticIp: s.staticIp,
              startDate: s.startDate,
              status: s.status,
            });
          }
          customerValues.push({
            ...row.fields,
            id,
            tenantId: actor.tenantId,
            accountNumber,
            searchText: buildSearchText({ ...row.fields, accountNumber }, username ? [username] : []),
          });
          auditValues.push(
            auditRow(actor, {
              action: "customer.imported",
              entityType: "customer",
              entityId: id,
              customerId: id,
              after: {
                ...row.fields,
                accountNumber,
                importJobId: input.jobId,
                fileName: input.fileName,
                line: row.line,
                subscription: row.subscription && {
                  username,
                  planId: row.subscription.planId,
                  planName: row.subscription.planName,
                  routerId: row.subscription.routerId,
                  staticIp: row.subscription.staticIp,
                  startDate: row.subscription.startDate,
                  status: row.subscription.status,
                },
              },
            }),
          );
        }
        await insertRecordset(tx, customers, customerColumns, customerValues);
        await insertRecordset(tx, subscriptions, subscriptionColumns, subscriptionValues);
        await insertRecordset(tx, auditLog, auditColumns, auditValues);
        // customer.created and subscription.activated for the chunk in one statement (only the endpoint read when the ISP has none).
        const at = clock.now();
        await queueWebhookEvents(tx, actor.tenantId, [
          ...customerValues.map((customer) => ({
            type: "customer.created" as const,
            data: customerCreatedData({ ...customer, id: customer.id! }, { source: "import", at }),
          })),
          ...subscriptionValues
            .filter((subscription) => subscription.status === "active")
            .map((subscription) => ({
              type: "subscription.activated" as const,
              data: {
                ...subscriptionEventData({
                  id: subscription.id!,
                  customerId: subscription.customerId,
                  planId: subscription.planId,
                  routerId: subscription.routerId ?? null,
                  username: subscription.username,
                  status: "active",
                  previousStatus: null,
                  reason: null,
                  source: null,
                  at,
                }),
                startDate: subscription.startDate,
              },
            })),
        ]);
        input.onProgress(Math.min(start + CHUNK, rows.length));
      }

      // The imported static addresses are recorded as the subscriptions' (clashes show as conflicts on the IP page).
      await recordStaticAddresses(tx, { tenantId: actor.tenantId });

      const { totalRows, skippedRows, issues } = input.complete;
      await tx.insert(auditLog).values(
        auditRow(actor, {
          action: "customers.imported",
          entityType: "import_job",
          entityId: input.jobId,
          after: { fileName: input.fileName, strict: input.strict, totalRows, importedRows: rows.length, skippedRows },
        }),
      );
      await tx
        .update(importJobs)
        .set({ status: "completed", processedRows: totalRows, importedRows: rows.length, skippedRows, issues, finishedAt: clock.now() })
        .where(eq(importJobs.id, input.jobId));
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "An account number or username in the file was taken by another change while importing.");
    }
    throw error;
  }
}

/**
 * Given account numbers are kept; the tenant's sequence is moved past any of them written with
 * its own prefix (so later customers do not collide), then numbers are allocated for the rest,
 * skipping any already taken.
 */
async function assignAccountNumbers(
  tx: DbOrTx,
  tenantId: string,
  tenant: { prefix: string; nextSeq: number },
  rows: ValidRow[],
  context: ImportContext,
): Promise<string[]> {
  const ownPattern = new RegExp(`^${tenant.prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d{1,9})$`, "i");
  let highest = 0;
  for (const r of rows) {
    const m = r.accountNumber ? ownPattern.exec(r.accountNumber) : null;
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  if (highest >= tenant.nextSeq) {
    await skipAccountNumbersTo(tx, { tenantId, next: highest + 1 });
  }
  const taken = new Set([...context.existingAccountNumbers, ...rows.flatMap((r) => (r.accountNumber ? [r.accountNumber.toUpperCase()] : []))]);
  const missing = rows.filter((r) => !r.accountNumber).length;
  const fresh: string[] = [];
  while (fresh.length < missing) {
    const batch = await allocateAccountNumbers(tx, { tenantId, n: missing - fresh.length });
    fresh.push(...batch.filter((a) => !taken.has(a.toUpperCase())));
  }
  let next = 0;
  return rows.map((r) => r.accountNumber ?? fresh[next++]);
}

/** The same shape `recordAudit` writes, for batched inserts. Imports carry no secrets in `after`. */
function auditRow(
  actor: Actor,
  entry: { action: string; entityType: string; entityId: string; customerId?: string; after: Record<string, unknown> },
): typeof auditLog.$inferInsert {
  return {
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    actorLabel: actor.userName ?? "system",
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    customerId: entry.customerId ?? null,
    before: null,
    after: entry.after,
    ipAddress: actor.ipAddress ?? null,
  };
}
