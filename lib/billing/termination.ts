/*
 * Ending a subscription (termination) with its last days prorated: see terminateSubscription.
 */
import { and, eq } from "drizzle-orm";

import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import type { TenantActor } from "@/lib/audit/record";
import { endSubscription } from "@/lib/subscriptions/lifecycle";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { formatMoney } from "@/lib/core/money";
import { requestReconcile } from "@/lib/provisioning/trigger";
import { lockCustomer, recordCredit } from "./ledger";
import { creditOfLines, sumLines } from "./money";

import { priceLine, taxTreatment } from "./invoices";
import { addDays, todayIn, yearOf } from "@/lib/core/calendar";
import { cycleMonths, planChangeProration, type Anchor } from "./periods";
import { planWithTax } from "./plan-change";
import { unusedAddonDays } from "./addon-lines";
import type { Db } from "@/lib/db/types";

/**
 * Ends a subscription today: the router account is removed by the reconciler. Prepaid days already
 * invoiced after today are credited back, the plan's and a static address add-on's (one credit note,
 * applied to what is owed or kept as credit); postpaid days up to today are invoiced by the next billing
 * run, prorated, with the add-on's days through today.
 */
export async function terminateSubscription(db: Db, actor: TenantActor, input: { subscriptionId: string; reason: string; today?: string }) {
  if (!isUuid(input.subscriptionId)) throw notFound("Subscription");
  const reason = input.reason.trim();
  if (reason.length < 3) throw new AppError("validation", "Give a reason.", { fieldErrors: { reason: ["Give a reason"] } });
  const result = await db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ customerId: subscriptions.customerId })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, input.subscriptionId)));
    if (!owner) throw notFound("Subscription");
    await lockCustomer(tx, { tenantId: actor.tenantId, customerId: owner.customerId });
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, input.subscriptionId)).for("update");
    if (sub.status === "terminated") throw new AppError("conflict", "This subscription has already ended.");
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, actor.tenantId));
    const today = input.today ?? todayIn(tenant.timezone);
    const plan = await planWithTax(tx, actor.tenantId, sub.planId);
    let creditNoteNumber: string | null = null;
    let creditCentavos = 0;
    if (sub.billedThrough && sub.billedThrough > today) {
      const anchor: Anchor =
        tenant.billingAnchor === "billing_day" ? { kind: "billing_day", day: tenant.billingDay } : { kind: "anniversary", startDate: sub.startDate };
      const unused = planChangeProration({
        oldPrice: plan.price,
        newPrice: 0,
        effective: addDays(today, 1),
        billedThrough: sub.billedThrough,
        anchor,
        months: cycleMonths[plan.cycle],
      });
      const [customer] = await tx.select({ taxExempt: customers.taxExempt }).from(customers).where(eq(customers.id, sub.customerId));
      const tax = taxTreatment({
        tenantVatBps: tenant.vatRateBps,
        taxInclusive: plan.taxInclusive,
        customerExempt: customer.taxExempt,
        taxClass: plan.classRate === null ? null : { rateBps: plan.classRate, exempt: plan.classExempt ?? false },
      });
      // A static address invoiced ahead is given back with the service: its unused days, taxed as its line was.
      const addons = (await unusedAddonDays(tx, { tenantId: actor.tenantId, customerId: sub.customerId, subscriptionId: sub.id, today })).filter(
        (addon) => addon.creditCentavos > 0,
      );
      const credit = creditOfLines(
        sumLines(
          [
            { kind: "proration_credit" as const, description: "", amountCentavos: -unused.creditCentavos, ...tax },
            ...addons.map((addon) => ({
              kind: "proration_credit" as const,
              description: addon.label,
              amountCentavos: -addon.creditCentavos,
              taxInclusive: addon.taxInclusive,
              taxRateBps: addon.taxRateBps,
              taxExempt: addon.taxExempt,
            })),
          ].map((line, index) => priceLine(actor.tenantId, line, index)),
        ),
      );
      creditCentavos = credit.totalCentavos;
      if (creditCentavos > 0) {
        ({ number: creditNoteNumber } = await recordCredit(tx, {
          tenantId: actor.tenantId,
          customerId: sub.customerId,
          amountCentavos: creditCentavos,
          reason: [
            `${plan.name} ended on ${today}: ${unused.days} unused days`,
            ...addons.map((addon) => `${addon.label}: ${addon.days} unused days, ${formatMoney(addon.creditCentavos, tenant.currency)}`),
          ].join("; "),
          prefix: tenant.creditNotePrefix,
          year: yearOf(today),
          createdBy: actor.userId ?? null,
          split: credit,
        }));
      }
    }
    await endSubscription(tx, actor, {
      subscriptionId: sub.id,
      endDate: today,
      // Billing's position: prepaid days after the end were credited back above, so billing stops at the end.
      billedThrough: sub.billedThrough && sub.billedThrough > today ? today : sub.billedThrough,
      reason,
      creditNote: creditNoteNumber,
    });
    return { routerId: sub.routerId, creditNoteNumber, creditCentavos };
  });
  if (result.routerId) requestReconcile(db, { tenantId: actor.tenantId, routerId: result.routerId, trigger: "change" });
  return { creditNoteNumber: result.creditNoteNumber, creditCentavos: result.creditCentavos };
}
