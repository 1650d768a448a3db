/*
 * The demo ISPs as customers of NetSphere (written only by the seed). The demo ISP: its Cloud Server plan billed
 * monthly, a trial that ended ten days ago, the first NetSphere invoice issued that day and paid by bank transfer two
 * days later.
 */
import { openPlatformAccount } from "@/lib/tenants/platform-accounts";
import { findPlatformTenantId, platformHandle, platformSystemActor, setNetsphereBankDetails } from "@/lib/tenants/platform-tenant";
import { refreshStanding } from "@/lib/tenants/standing-service";
import { runNetsphereBilling } from "@/lib/tenants/netsphere-billing";
import { runBilling } from "@/lib/billing/run";
import { recordPayment } from "@/lib/billing/payments";
import { listInvoices } from "@/lib/billing/queries";
import { addDays, todayIn } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import { clock, manualClock, withClock } from "@/lib/core/clock";
import type { Db } from "@/lib/db/types";

export const DEMO_BANK_DETAILS = "BDO Unibank · NetSphere ISP Suite Inc. · account 0012 3456 7890 (demo)";

export async function seedDemoNetsphere(db: Db, { tenantId }: { tenantId: string }) {
  const zone = "Asia/Manila";
  const today = todayIn(zone);
  const opened = addDays(today, -24);
  const account = await openPlatformAccount(db, {
    tenantId,
    saasPlanId: "cloud-server",
    cycle: "monthly",
    trialDays: 14,
    now: new Date(zonedInstant(opened, 9 * 60, zone)),
  });
  const platformId = (await findPlatformTenantId(db))!;
  const platformDb = await platformHandle(db, platformId);
  await setNetsphereBankDetails(db, { userId: null, userName: "Demo seed" }, { text: DEMO_BANK_DETAILS });
  const actor = platformSystemActor(platformId);
  const firstDay = account.trialEndsOn;
  await runBilling(platformDb, actor, { billUpTo: firstDay, trigger: "schedule", notify: false, now: new Date(zonedInstant(firstDay, 5, zone)) });
  const { rows } = await listInvoices(platformDb, { tenantId: platformId, customerId: account.customerId, today });
  for (const invoice of rows.filter((row) => row.status === "open"))
    await recordPayment(platformDb, actor, {
      customerId: account.customerId,
      invoiceId: invoice.id,
      amountCentavos: invoice.totalCentavos - invoice.amountPaidCentavos,
      method: "bank_transfer",
      reference: `BDO ${invoice.number}`,
      receivedAt: new Date(zonedInstant(addDays(firstDay, 2), 10 * 60, zone)),
      idempotencyKey: `demo-netsphere-${invoice.id}`,
    });
  await refreshStanding(db, { tenantId, now: clock.now() });
}

/**
 * A second demo ISP whose first NetSphere invoice is long overdue (issued 36 days ago, never paid): its account is
 * read-only. The operator's list shows it, and the end-to-end test signs in to see the banner and a refused save.
 */
export async function seedLapsedNetsphere(db: Db, { tenantId }: { tenantId: string }) {
  const zone = "Asia/Manila";
  const today = todayIn(zone);
  // Opened 50 days ago, as if the clock said so then: a subscription starting in a past period is otherwise billed
  // from the current one on (lib/billing/periods.ts initialBilledThrough).
  const opened = new Date(zonedInstant(addDays(today, -50), 9 * 60, zone));
  const account = await withClock(manualClock(opened), () =>
    openPlatformAccount(db, { tenantId, saasPlanId: "basic", cycle: "monthly", trialDays: 14, now: opened }),
  );
  const platformId = (await findPlatformTenantId(db))!;
  const firstDay = account.trialEndsOn;
  await runBilling(await platformHandle(db, platformId), platformSystemActor(platformId), {
    billUpTo: firstDay,
    trigger: "schedule",
    notify: false,
    now: new Date(zonedInstant(firstDay, 5, zone)),
  });
  // Today's round: the next period's invoice, dunning on the overdue one, and the standing it leaves (read-only).
  await runNetsphereBilling(db);
}
