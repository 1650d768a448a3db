/*
 * Promo codes: percent, fixed amount or N free months; a validity window, a redemption cap, once per
 * customer, plan restrictions. Redeemed on a subscription (the billing run discounts its next `periods`
 * invoices) or on one open invoice (a discount line now). Every redemption is a row; the promo row is
 * locked while redeeming so the cap holds under concurrent redemptions.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { invoiceLines, promoCodes, promoRedemptions } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { parseMoneyToCentavos } from "@/lib/core/money";
import { assertPlansOfTenant } from "@/lib/plans/service";
import { appendLines, loadInvoiceForUpdate, taxTreatment } from "./invoices";
import { lockCustomer } from "./ledger";
import { todayIn } from "@/lib/core/calendar";
import { checkPromo, promoDiscount } from "./rules";
import type { promoFieldsSchema } from "./forms";
import type { Db, DbOrTx } from "@/lib/db/types";

function toRow(fields: z.output<typeof promoFieldsSchema>) {
  return {
    code: fields.code,
    description: fields.description,
    kind: fields.kind,
    percentBps: fields.kind === "percent" ? Math.round(Number(fields.percent) * 100) : null,
    amountCentavos: fields.kind === "fixed" ? parseMoneyToCentavos(fields.amount) : null,
    periods: fields.periods,
    validFrom: fields.validFrom || null,
    validUntil: fields.validUntil || null,
    maxRedemptions: fields.maxRedemptions === "" ? null : fields.maxRedemptions,
    oncePerCustomer: fields.oncePerCustomer,
    planIds: fields.planIds,
    active: fields.active,
  };
}

const duplicateCode = (code: string) =>
  new AppError("conflict", `There is already a promo code ${code}.`, { fieldErrors: { code: ["Already used"] } });

export async function listPromos(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db.select().from(promoCodes).where(eq(promoCodes.tenantId, tenantId)).orderBy(asc(promoCodes.code));
}

export async function savePromo(db: Db, actor: TenantActor, { promoId, fields }: { promoId?: string; fields: z.output<typeof promoFieldsSchema> }) {
  const row = toRow(fields);
  return db
    .transaction(async (tx) => {
      // A promo may only name this ISP's plans: another ISP's plan id would otherwise be stored and matched.
      await assertPlansOfTenant(tx, actor.tenantId, row.planIds, "planIds");
      const [clash] = await tx
        .select({ id: promoCodes.id })
        .from(promoCodes)
        .where(and(eq(promoCodes.tenantId, actor.tenantId), eq(promoCodes.code, row.code)));
      if (clash && clash.id !== promoId) throw duplicateCode(row.code);
      let id = promoId;
      if (promoId) {
        if (!isUuid(promoId)) throw notFound("Promo code");
        const updated = await tx
          .update(promoCodes)
          .set(row)
          .where(and(eq(promoCodes.tenantId, actor.tenantId), eq(promoCodes.id, promoId)))
          .returning({ id: promoCodes.id });
        if (updated.length === 0) throw notFound("Promo code");
      } else {
        [{ id }] = await tx
          .insert(promoCodes)
          .values({ ...row, tenantId: actor.tenantId })
          .returning({ id: promoCodes.id });
      }
      await recordAudit(tx, actor, { action: promoId ? "promo.updated" : "promo.created", entityType: "promo_code", entityId: id!, after: row });
      return { id: id! };
    })
    .catch((error: unknown) => {
      // Two staff saving the same code at once: the unique index decides, the loser gets the field error.
      if (isUniqueViolation(error)) throw duplicateCode(row.code);
      throw error;
    });
}

/** A refusal to redeem, shown under the code field of the form that tried. */
function refuse(reason: string): never {
  throw new AppError("validation", reason, { fieldErrors: { code: [reason] } });
}

export type RedeemInput = { code: string; customerId: string; subscriptionId?: string; invoiceId?: string };

/** Redeems a code for a customer on a subscription or an open invoice; refusals say why and write nothing. */
export async function redeemPromo(db: Db, actor: TenantActor, input: RedeemInput) {
  const code = input.code.trim().toUpperCase();
  if (!isUuid(input.customerId)) throw notFound("Customer");
  if ((input.subscriptionId === undefined) === (input.invoiceId === undefined))
    throw new AppError("validation", "Choose a subscription or an invoice to apply the code to.");
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, actor.tenantId));
  const today = todayIn(tenant.timezone);
  return db.transaction(async (tx) => {
    await lockCustomer(tx, { tenantId: actor.tenantId, customerId: input.customerId });
    const [promo] = await tx
      .select()
      .from(promoCodes)
      .where(and(eq(promoCodes.tenantId, actor.tenantId), eq(promoCodes.code, code)))
      .for("update");
    if (!promo) refuse(`There is no promo code ${code || "with that name"}.`);
    const [{ n: customerRedemptions }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(promoRedemptions)
      .where(and(eq(promoRedemptions.promoCodeId, promo.id), eq(promoRedemptions.customerId, input.customerId)));

    let planId: string | null = null;
    let subscriptionId: string | null = null;
    if (input.subscriptionId) {
      if (!isUuid(input.subscriptionId)) throw notFound("Subscription");
      const [sub] = await tx
        .select({ id: subscriptions.id, planId: subscriptions.planId })
        .from(subscriptions)
        .where(
          and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, input.subscriptionId), eq(subscriptions.customerId, input.customerId)),
        );
      if (!sub) throw notFound("Subscription");
      planId = sub.planId;
      subscriptionId = sub.id;
    }
    let invoice: Awaited<ReturnType<typeof loadInvoiceForUpdate>> | null = null;
    let serviceLine: typeof invoiceLines.$inferSelect | undefined;
    if (input.invoiceId) {
      invoice = await loadInvoiceForUpdate(tx, { tenantId: actor.tenantId, invoiceId: input.invoiceId });
      if (invoice.customerId !== input.customerId) throw notFound("Invoice");
      if (invoice.status !== "open" || invoice.amountPaidCentavos > 0) refuse(`${invoice.number} is not an unpaid open invoice.`);
      [serviceLine] = await tx
        .select()
        .from(invoiceLines)
        .where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.kind, "service")));
      if (!serviceLine) refuse(`${invoice.number} has no service charge to discount.`);
      planId = serviceLine.planId;
      subscriptionId = serviceLine.subscriptionId;
    }
    const check = checkPromo(
      { ...promo, amountCentavos: promo.amountCentavos ?? null, percentBps: promo.percentBps ?? null },
      { today, planId, customerRedemptions },
    );
    if (!check.ok) refuse(check.reason);

    const [redemption] = await tx
      .insert(promoRedemptions)
      .values({
        tenantId: actor.tenantId,
        promoCodeId: promo.id,
        customerId: input.customerId,
        subscriptionId,
        invoiceId: invoice?.id ?? null,
        periodsRemaining: invoice ? Math.max(0, promo.periods - 1) : promo.periods,
        redeemedBy: actor.userId ?? null,
      })
      .returning({ id: promoRedemptions.id });
    await tx
      .update(promoCodes)
      .set({ redemptions: sql`${promoCodes.redemptions} + 1` })
      .where(eq(promoCodes.id, promo.id));
    let discountCentavos = 0;
    if (invoice && serviceLine) {
      discountCentavos = promoDiscount(promo, serviceLine.amountCentavos);
      const [customer] = await tx.select({ taxExempt: customers.taxExempt }).from(customers).where(eq(customers.id, input.customerId));
      const tax = serviceLine.taxExempt
        ? { taxRateBps: 0, taxInclusive: serviceLine.taxInclusive, taxExempt: true }
        : taxTreatment({ tenantVatBps: serviceLine.taxRateBps, taxInclusive: serviceLine.taxInclusive, customerExempt: customer.taxExempt });
      await appendLines(tx, {
        tenantId: actor.tenantId,
        invoiceId: invoice.id,
        lines: [
          {
            kind: "discount",
            description: `Promo ${promo.code}`,
            amountCentavos: -discountCentavos,
            subscriptionId,
            promoRedemptionId: redemption.id,
            ...tax,
          },
        ],
      });
    }
    await recordAudit(tx, actor, {
      action: "promo.redeemed",
      entityType: "promo_code",
      entityId: promo.id,
      customerId: input.customerId,
      after: { code: promo.code, invoice: invoice?.number, subscriptionId },
    });
    return { redemptionId: redemption.id, code: promo.code, discountCentavos };
  });
}
