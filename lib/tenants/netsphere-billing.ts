/*
 * NetSphere's own billing round, hourly (job `netsphere-billing`): the platform tenant's billing run up to today
 * (each trial that ended gets its first invoice, each period its prepaid invoice), its dunning (reminders to each
 * ISP's owner through the outbox, and on the read-only day dunning's suspend step), then every ISP's standing from
 * what is left unpaid. The platform tenant is also an ordinary tenant of `billing-daily`; both runs are idempotent.
 */
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { platformAccounts, tenants } from "@/lib/tenants/schema";
import { openPlatformAccount } from "@/lib/tenants/platform-accounts";
import { logger } from "@/lib/core/logger";
import { ensurePlatformTenant, findPlatformTenantId, platformHandle, platformSystemActor } from "@/lib/tenants/platform-tenant";
import { refreshStandings } from "@/lib/tenants/standing-service";
import { getTenant } from "@/lib/tenants/service";
import { runBilling } from "@/lib/billing/run";
import { runDunning } from "@/lib/billing/dunning";
import { todayIn } from "@/lib/core/calendar";
import { clock } from "@/lib/core/clock";
import type { Db } from "@/lib/db/types";

export type NetsphereBillingSummary = { opened: number; invoices: number; reminders: number; readOnly: number; standingsChanged: number };

/** One round for `now`; nothing to do (all zeros) while no ISP needs NetSphere's billing. */
export async function runNetsphereBilling(ownerDb: Db, { now = clock.now() }: { now?: Date } = {}): Promise<NetsphereBillingSummary> {
  // ISPs without an account (signed up before NetSphere billed, or whose sign-up could not open one) start a trial now.
  const missing = await ownerDb
    .select({ id: tenants.id })
    .from(tenants)
    .leftJoin(platformAccounts, eq(platformAccounts.tenantId, tenants.id))
    .where(and(eq(tenants.kind, "isp"), eq(tenants.status, "active"), isNull(platformAccounts.tenantId)));
  let opened = 0;
  for (const { id } of missing) {
    try {
      await openPlatformAccount(ownerDb, { tenantId: id, now });
      opened += 1;
    } catch (error) {
      logger.error({ err: error, tenantId: id }, "NetSphere account not opened");
    }
  }
  if (!(await findPlatformTenantId(ownerDb))) return { opened, invoices: 0, reminders: 0, readOnly: 0, standingsChanged: 0 };
  // Ensured each round: NetSphere plans' prices follow the catalogue.
  const platformId = await ensurePlatformTenant(ownerDb);
  const platformDb = await platformHandle(ownerDb, platformId);
  const today = todayIn((await getTenant(ownerDb, { tenantId: platformId })).timezone, now);
  const run = await runBilling(platformDb, platformSystemActor(platformId), { billUpTo: today, trigger: "schedule", now });
  const dunning = await runDunning(platformDb, { tenantId: platformId, today });
  const standings = await refreshStandings(ownerDb, { now });
  return {
    opened,
    invoices: run.invoicesCreated,
    reminders: dunning.reminders,
    readOnly: standings.changed.filter((c) => c.to === "read_only").length,
    standingsChanged: standings.changed.length,
  };
}
