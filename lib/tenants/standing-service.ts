/*
 * An ISP's standing with NetSphere, kept on its platform account from the platform tenant's invoices (standing.ts
 * holds the rules): refreshed by the `netsphere-billing` job after the platform tenant's billing and dunning, after
 * each plan change and manual payment, and whenever a read-only ISP's staff make a request (a payment made online a
 * moment ago lifts read-only at once, without waiting for the job). The staff session reads the stored standing
 * with the user (one join), so ISPs in good standing pay nothing more per request.
 */
import "server-only";
import { eq } from "drizzle-orm";
import { platformAccounts, type PlatformAccount } from "@/lib/tenants/schema";
import { getTenant } from "@/lib/tenants/service";
import { findPlatformTenantId, platformHandle } from "@/lib/tenants/platform-tenant";
import { readOnlyMessage, standingOf } from "@/lib/tenants/standing";
import { listInvoices } from "@/lib/billing/queries";
import { recordAudit } from "@/lib/audit/record";
import { tenantHandle } from "@/lib/db/tenant-bound";
import { todayIn } from "@/lib/core/calendar";
import { clock } from "@/lib/core/clock";
import type { Db } from "@/lib/db/types";

const PROBE_TENANT = "00000000-0000-0000-0000-000000000000";

/**
 * The owner's handle behind `db`: `db` itself when it is one (jobs, the operator area, tests), otherwise the app's
 * (a staff request's handle is bound to its ISP, and the account's invoices are the platform tenant's).
 */
export async function ownerHandleOf(db: Db): Promise<Db> {
  try {
    tenantHandle(db, PROBE_TENANT);
    return db;
  } catch {
    return (await import("@/lib/db")).crossTenantDb();
  }
}

/** Recomputes one ISP's standing from its unpaid NetSphere invoices; returns the account as it now stands (null: none). */
export async function refreshStanding(ownerDb: Db, { tenantId, now = clock.now() }: { tenantId: string; now?: Date }): Promise<PlatformAccount | null> {
  const [account] = await ownerDb.select().from(platformAccounts).where(eq(platformAccounts.tenantId, tenantId));
  const platformId = account ? await findPlatformTenantId(ownerDb) : null;
  if (!account || !platformId) return account ?? null;
  const [isp, platform] = [await getTenant(ownerDb, { tenantId }), await getTenant(ownerDb, { tenantId: platformId })];
  const today = todayIn(platform.timezone, now);
  const { rows } = await listInvoices(await platformHandle(ownerDb, platformId), {
    tenantId: platformId,
    customerId: account.customerId,
    status: "overdue",
    today,
  });
  const oldest = rows.reduce<(typeof rows)[number] | null>((first, row) => (!first || row.dueDate < first.dueDate ? row : first), null);
  const standing = standingOf({
    today,
    trialEndsOn: account.trialEndsOn,
    tenantSuspended: isp.status === "suspended",
    oldestOverdueDueDate: oldest?.dueDate ?? null,
    readOnlyAfterDays: platform.suspendAfterDays,
  });
  const overdue = standing === "past_due" || standing === "read_only" ? oldest : null;
  if (standing === account.standing && (overdue?.id ?? null) === account.overdueInvoiceId) return account;
  return ownerDb.transaction(async (tx) => {
    const [updated] = await tx
      .update(platformAccounts)
      .set({
        standing,
        ...(standing === account.standing ? {} : { standingSince: now }),
        overdueInvoiceId: overdue?.id ?? null,
        overdueInvoiceNumber: overdue?.number ?? null,
        overdueDueDate: overdue?.dueDate ?? null,
        updatedAt: now,
      })
      .where(eq(platformAccounts.tenantId, tenantId))
      .returning();
    if (standing !== account.standing)
      await recordAudit(
        tx,
        { tenantId, userId: null, userName: "NetSphere billing" },
        {
          action: "tenant.standing_changed",
          entityType: "tenant",
          entityId: tenantId,
          before: { standing: account.standing },
          after: { standing, invoice: overdue?.number ?? null, dueDate: overdue?.dueDate ?? null },
        },
      );
    return updated;
  });
}

/** Every ISP's standing, e.g. after the platform tenant's daily billing and dunning. */
export async function refreshStandings(ownerDb: Db, { now = clock.now() }: { now?: Date } = {}) {
  const accounts = await ownerDb.select({ tenantId: platformAccounts.tenantId, standing: platformAccounts.standing }).from(platformAccounts);
  const changed: { tenantId: string; from: string; to: string }[] = [];
  for (const account of accounts) {
    const after = await refreshStanding(ownerDb, { tenantId: account.tenantId, now });
    if (after && after.standing !== account.standing) changed.push({ tenantId: account.tenantId, from: account.standing, to: after.standing });
  }
  return { accounts: accounts.length, changed };
}

/**
 * Whether the ISP's staff (and its API keys) may change data now: null when they may, else the message every
 * refused change shows. Reads the ISP's own account row (its handle will do); while it says read-only, the
 * invoices are looked at again, so a payment recorded since lifts the refusal at once.
 */
export async function tenantWritesBlocked(db: Db, tenantId: string): Promise<null | { message: string }> {
  const [row] = await db.select({ standing: platformAccounts.standing }).from(platformAccounts).where(eq(platformAccounts.tenantId, tenantId));
  if (!row || row.standing !== "read_only") return null;
  const fresh = await refreshStanding(await ownerHandleOf(db), { tenantId });
  return fresh?.standing === "read_only" ? { message: readOnlyMessage(fresh.overdueInvoiceNumber) } : null;
}
