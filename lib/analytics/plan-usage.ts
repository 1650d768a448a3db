/*
 * Usage distribution per plan for a month (the current one up to now): every active subscription with its volume
 * from the rollups (none = 0), bucketed by distribution.ts. The plans come from their owner (`listPlans`).
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { listPlans } from "@/lib/plans/service";
import { distributeByPlan, type PlanDistribution, type SubscriberUsage } from "./distribution";
import type { Range } from "./periods";
import { withHeavyReadSettings } from "@/lib/monitoring/heavy-reads";
import { num, subscriberRollupRows } from "./sql";

export type PlanUsage = { range: Range; seconds: number; plans: PlanDistribution[] };

/** The active subscriptions' download and upload over the range, one row each. */
export async function subscriberVolumes(
  db: DbOrTx,
  { tenantId, range, now }: { tenantId: string; range: Range; now: Date },
): Promise<SubscriberUsage[]> {
  const result = await withHeavyReadSettings(db, (tx) =>
    tx.execute(sql`
      select s.plan_id, coalesce(u.download, 0) as download, coalesce(u.upload, 0) as upload
      from subscriptions s
      left join (
        select p.subject, sum(p.tx_bytes) as download, sum(p.rx_bytes) as upload
        from (${subscriberRollupRows(tenantId, range, now)}) p
        group by p.subject
      ) u on u.subject = s.id::text
      where s.tenant_id = ${tenantId} and s.status = 'active'`),
  );
  return rowsOf<{ plan_id: string; download: unknown; upload: unknown }>(result).map((row) => ({
    planId: row.plan_id,
    downloadBytes: num(row.download),
    uploadBytes: num(row.upload),
  }));
}

export async function planUsage(db: DbOrTx, { tenantId, range, now }: { tenantId: string; range: Range; now: Date }): Promise<PlanUsage> {
  const [usage, plans] = await Promise.all([subscriberVolumes(db, { tenantId, range, now }), listPlans(db, { tenantId })]);
  const seconds = Math.max(0, (range.to.getTime() - range.from.getTime()) / 1000);
  return { range, seconds, plans: distributeByPlan(usage, plans, seconds) };
}
