/*
 * Changing a subscriber's plan mid-period, with proration by day:
 * - prepaid, the period already invoiced: the unused days of the old plan are credited and the same days of
 *   the new plan charged, on one adjustment invoice (an upgrade) or as a credit note (a downgrade);
 * - postpaid (or prepaid not yet invoiced): the days used on the old plan, and a static address's days held in
 *   them, are invoiced now and billing goes on from the change date on the new plan, so the next invoice is
 *   prorated from there.
 * A static address billed as an add-on stays with the subscription: a prepaid period already invoiced keeps its
 * add-on line as it is (the plan is credited and charged, not the address).
 * The change takes effect today; the router follows through the reconciler (new profile, session kicked),
 * requested after commit.
 */
import { and, eq } from "drizzle-orm";
import { invoiceLines, invoices, taxClasses } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { servicePlans } from "@/lib/plans/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { formatMoney } from "@/lib/core/money";
import { requestReconcile } from "@/lib/provisioning/trigger";
import { adjustBalance, allocateCredit, lockCustomer, recordCredit } from "./ledger";
import { creditOfLines, sumLines } from "./money";
import { allocateNumbers } from "./numbering";
import { queueInvoiceEventsFor } from "./webhook-events";
import { priceLine, taxTreatment, type NewLine } from "./invoices";
import { addDays, daysInclusive, todayIn, yearOf } from "@/lib/core/calendar";
import { cycleMonths, periodContaining, planChangeProration, prorate, type Anchor } from "./periods";
import type { Db, Tx } from "@/lib/db/types";
import { switchPlan } from "@/lib/subscriptions/records";
import { billableAddresses } from "@/lib/ipam/addons";
import { zonedInstant } from "@/lib/core/time-zones";
import { ADDON_SEPARATOR, addonCharge, addonLabel, holdingOf } from "./addon-lines";

export type PlanChangeResult = { invoiceNumber: string | null; creditNoteNumber: string | null; chargeCentavos: number; creditCentavos: number };

export async function planWithTax(tx: Tx, tenantId: string, planId: string) {
  const [plan] = await tx
    .select({
      id: servicePlans.id,
      name: servicePlans.name,
      price: servicePlans.priceCentavos,
      taxInclusive: servicePlans.taxInclusive,
      cycle: servicePlans.billingCycle,
      active: servicePlans.active,
      classRate: taxClasses.rateBps,
      classExempt: taxClasses.exempt,
    })
    .from(servicePlans)
    .leftJoin(taxClasses, and(eq(taxClasses.id, servicePlans.taxClassId), eq(taxClasses.tenantId, tenantId)))
    .where(and(eq(servicePlans.tenantId, tenantId), eq(servicePlans.id, planId)));
  return plan;
}

/** Changes the plan from today (the router switches now); `today` is for tests. */
export async function changePlan(
  db: Db,
  actor: TenantActor,
  input: { subscriptionId: string; planId: string; today?: string },
): Promise<PlanChangeResult> {
  if (!isUuid(input.subscriptionId)) throw notFound("Subscription");
  const result = await db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ customerId: subscriptions.customerId })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, input.subscriptionId)));
    if (!owner) throw notFound("Subscription");
    await lockCustomer(tx, { tenantId: actor.tenantId, customerId: owner.customerId });
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, input.subscriptionId)).for("update");
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, actor.tenantId));
    const today = input.today ?? todayIn(tenant.timezone);
    const effective = today;
    if (sub.status === "terminated") throw new AppError("validation", "This subscription has ended.");
    if (sub.planId === input.planId)
      throw new AppError("validation", "That is already the subscriber's plan.", { fieldErrors: { planId: ["Already on this plan"] } });
    if (effective < sub.startDate) throw new AppError("validation", "The subscription has not started yet; edit it instead.");
    const oldPlan = await planWithTax(tx, actor.tenantId, sub.planId);
    const newPlan = isUuid(input.planId) ? await planWithTax(tx, actor.tenantId, input.planId) : undefined;
    if (!newPlan || !newPlan.active)
      throw new AppError("validation", "Choose one of your active plans.", { fieldErrors: { planId: ["Unknown or inactive plan"] } });
    if (newPlan.cycle !== oldPlan.cycle)
      throw new AppError("validation", "The plans bill on different cycles; change the plan when the current period ends.", {
        fieldErrors: { planId: ["Different billing cycle"] },
      });
    const [customer] = await tx.select({ taxExempt: customers.taxExempt }).from(customers).where(eq(customers.id, sub.customerId));
    const tax = (p: NonNullable<typeof oldPlan>) =>
      taxTreatment({
        tenantVatBps: tenant.vatRateBps,
        taxInclusive: p.taxInclusive,
        customerExempt: customer.taxExempt,
        taxClass: p.classRate === null ? null : { rateBps: p.classRate, exempt: p.classExempt ?? false },
      });
    const anchor: Anchor =
      tenant.billingAnchor === "billing_day" ? { kind: "billing_day", day: tenant.billingDay } : { kind: "anniversary", startDate: sub.startDate };
    const months = cycleMonths[oldPlan.cycle];
    const lines: NewLine[] = [];
    let billedThrough = sub.billedThrough;

    if (sub.billedThrough && sub.billedThrough >= effective) {
      const p = planChangeProration({
        oldPrice: oldPlan.price,
        newPrice: newPlan.price,
        effective,
        billedThrough: sub.billedThrough,
        anchor,
        months,
      });
      const span = `${effective} – ${addDays(effective, p.days - 1)}, ${p.days} of ${p.periodDays} days`;
      lines.push({
        kind: "proration_credit",
        description: `Unused ${oldPlan.name} · ${sub.username} · ${span}`,
        amountCentavos: -p.creditCentavos,
        subscriptionId: sub.id,
        planId: oldPlan.id,
        ...tax(oldPlan),
      });
      lines.push({
        kind: "proration_charge",
        description: `${newPlan.name} · ${sub.username} · ${span}`,
        amountCentavos: p.chargeCentavos,
        subscriptionId: sub.id,
        planId: newPlan.id,
        ...tax(newPlan),
      });
    } else {
      // Days already used on the old plan and not yet invoiced (postpaid): invoice them now.
      const from = sub.billedThrough ? addDays(sub.billedThrough, 1) : sub.startDate;
      const to = addDays(effective, -1);
      if (from <= to) {
        const period = periodContaining(from, anchor, months);
        if (to > period.end) throw new AppError("validation", "Earlier periods are not invoiced yet; run billing first, then change the plan.");
        const days = daysInclusive(from, to);
        const periodDays = daysInclusive(period.start, period.end);
        lines.push({
          kind: "proration_charge",
          description: `${oldPlan.name} · ${sub.username} · ${from} – ${to}, ${days} of ${periodDays} days`,
          amountCentavos: prorate(oldPlan.price, days, periodDays),
          subscriptionId: sub.id,
          planId: oldPlan.id,
          periodStart: from,
          periodEnd: to,
          ...tax(oldPlan),
        });
        // A static address held in those days is billed with them (taxed as the plan it went with): billing goes on
        // from the change date, so the run would never charge them. The days from the change are the run's.
        const addons = await billableAddresses(tx, {
          tenantId: actor.tenantId,
          subscriptionIds: [sub.id],
          releasedSince: new Date(zonedInstant(from, 0, tenant.timezone)),
        });
        for (const addon of addons.get(sub.id) ?? []) {
          const charge = addonCharge(addon, holdingOf(addon, tenant.timezone, sub.endDate), { start: from, end: to, periodDays, months });
          if (!charge) continue;
          lines.push({
            kind: "other",
            description: `${addonLabel(addon)}${ADDON_SEPARATOR}${charge.start} – ${charge.end}, ${charge.days} of ${periodDays} days`,
            amountCentavos: charge.amountCentavos,
            subscriptionId: sub.id,
            periodStart: charge.start,
            periodEnd: charge.end,
            ...tax(oldPlan),
          });
        }
        billedThrough = to;
      }
    }

    await switchPlan(tx, { tenantId: actor.tenantId, subscriptionId: sub.id }, { planId: newPlan.id, billedThrough });
    const priced = lines.map((line, index) => priceLine(actor.tenantId, line, index));
    const totals = sumLines(priced);
    let invoiceNumber: string | null = null;
    let creditNoteNumber: string | null = null;
    if (totals.totalCentavos > 0) {
      [invoiceNumber] = await allocateNumbers(tx, { tenantId: actor.tenantId, kind: "invoice", year: yearOf(today), prefix: tenant.invoicePrefix });
      const [invoice] = await tx
        .insert(invoices)
        .values({
          tenantId: actor.tenantId,
          customerId: sub.customerId,
          number: invoiceNumber,
          kind: "adjustment",
          currency: tenant.currency,
          issueDate: today,
          dueDate: addDays(today, tenant.paymentTermsDays),
          createdBy: actor.userId ?? null,
          ...totals,
        })
        .returning({ id: invoices.id });
      await tx.insert(invoiceLines).values(priced.map((line) => ({ ...line, invoiceId: invoice.id })));
      await queueInvoiceEventsFor(tx, { tenantId: actor.tenantId, type: "invoice.issued", invoiceIds: [invoice.id] });
      await adjustBalance(tx, { tenantId: actor.tenantId, customerId: sub.customerId, delta: totals.totalCentavos });
    } else if (totals.totalCentavos < 0) {
      ({ number: creditNoteNumber } = await recordCredit(tx, {
        tenantId: actor.tenantId,
        customerId: sub.customerId,
        amountCentavos: -totals.totalCentavos,
        reason: `Plan change from ${oldPlan.name} to ${newPlan.name} on ${effective}: unused days`,
        prefix: tenant.creditNotePrefix,
        year: yearOf(today),
        createdBy: actor.userId ?? null,
        split: creditOfLines(totals),
      }));
    }
    await allocateCredit(tx, { tenantId: actor.tenantId, customerId: sub.customerId });
    await recordAudit(tx, actor, {
      action: "subscription.plan_changed",
      entityType: "subscription",
      entityId: sub.id,
      customerId: sub.customerId,
      before: { plan: oldPlan.name },
      after: {
        plan: newPlan.name,
        effective,
        invoice: invoiceNumber,
        creditNote: creditNoteNumber,
        net: formatMoney(totals.totalCentavos, tenant.currency),
      },
    });
    return {
      routerId: sub.routerId,
      invoiceNumber,
      creditNoteNumber,
      chargeCentavos: Math.max(0, totals.totalCentavos),
      creditCentavos: Math.max(0, -totals.totalCentavos),
    };
  });
  if (result.routerId) requestReconcile(db, { tenantId: actor.tenantId, routerId: result.routerId, trigger: "change" });
  return {
    invoiceNumber: result.invoiceNumber,
    creditNoteNumber: result.creditNoteNumber,
    chargeCentavos: result.chargeCentavos,
    creditCentavos: result.creditCentavos,
  };
}
