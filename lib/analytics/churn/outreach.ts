/*
 * The one-click retention check-in: a message to the subscriber through the outbox (the `retention_outreach`
 * template in the ISP's words, on the channels the subscriber accepts), audited on the customer's timeline, and
 * refused when one went to the same subscriber in the last OUTREACH_QUIET_DAYS days.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/core/dates";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { assertCustomersOfTenant } from "@/lib/customers/service";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { kickOutbox } from "@/lib/notify/kick";
import { tenantLocale } from "@/lib/tenants/queries";
import { OUTREACH_ACTION } from "./signals";
import type { RetentionOutreachInput } from "./forms";

/** Days after a check-in before the same subscriber may get another. */
export const OUTREACH_QUIET_DAYS = 30;

export async function sendRetentionOutreach(db: Db, actor: TenantActor, input: RetentionOutreachInput): Promise<{ queued: number }> {
  const now = clock.now();
  await assertCustomersOfTenant(db, actor.tenantId, [input.customerId], "customerId");
  const queued = await db.transaction(async (tx) => {
    // One check-in at a time per subscriber: two clicks at once must not both pass the quiet-period check.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`retention:${input.customerId}`}, 0))`);
    const [last] = rowsOf<{ at: string | Date | null }>(
      await tx.execute(sql`select max(coalesce((after->>'at')::timestamptz, created_at)) as at from audit_log
        where tenant_id = ${actor.tenantId} and customer_id = ${input.customerId} and action = ${OUTREACH_ACTION}`),
    );
    const lastAt = last?.at ? new Date(last.at) : null;
    if (lastAt && now.getTime() - lastAt.getTime() < OUTREACH_QUIET_DAYS * 86_400_000) {
      const { timeZone } = await tenantLocale(tx, { tenantId: actor.tenantId });
      throw new AppError(
        "conflict",
        `A check-in went to this subscriber on ${formatDateTime(lastAt, timeZone)}; the next one can go ${OUTREACH_QUIET_DAYS} days after it.`,
      );
    }
    const { ids } = await enqueueNotification(tx, {
      tenantId: actor.tenantId,
      event: "retention_outreach",
      customerId: input.customerId,
      data: { note: input.note },
      dedupeKey: `retention_outreach:${input.customerId}:${now.toISOString()}`,
    });
    if (ids.length === 0) {
      throw new AppError("conflict", "No channel reaches this subscriber: they have no contact details on record, or they opted out of messages.");
    }
    await recordAudit(tx, actor, {
      action: OUTREACH_ACTION,
      entityType: "customer",
      entityId: input.customerId,
      customerId: input.customerId,
      // The instant by our clock: the quiet period is measured with it, not with the database's.
      after: { at: now.toISOString(), messages: ids.length, note: input.note || null },
    });
    return ids.length;
  });
  kickOutbox(db);
  return { queued };
}
