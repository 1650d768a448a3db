/*
 * The tenant's billing policy (periods, terms, dunning, late fees, document prefixes) and its tax classes.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { taxClasses } from "@/lib/billing/schema";
import { servicePlans } from "@/lib/plans/schema";
import { tenants, type Tenant } from "@/lib/tenants/schema";
import { customers } from "@/lib/customers/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { parseMoneyToCentavos } from "@/lib/core/money";
import type { LateFeePolicy } from "./rules";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

const wholeDays = (max: number) => z.coerce.number("Whole days").int("Whole days").min(0, "Not negative").max(max, `At most ${max}`);
const prefix = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,6}$/, "2–6 letters");
const pesos = (message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === "" || parseMoneyToCentavos(v) !== null, message);

export const billingSettingsSchema = z
  .object({
    billingAnchor: z.enum(["anniversary", "billing_day"]),
    billingDay: z.coerce.number("1 to 28").int("1 to 28").min(1, "1 to 28").max(28, "1 to 28 (every month has it)"),
    billingMode: z.enum(["prepaid", "postpaid"]),
    paymentTermsDays: wholeDays(60),
    reminderDaysBefore: wholeDays(30),
    reminderDaysAfter: wholeDays(30),
    suspendAfterDays: z.coerce.number("Whole days").int("Whole days").min(1, "At least 1").max(90, "At most 90"),
    lateFeeMode: z.enum(["none", "fixed", "percent"]),
    lateFeeFixed: pesos("An amount like 100 or 50.00"),
    lateFeePercent: z
      .string()
      .trim()
      .refine((v) => v === "" || (/^\d{1,2}(\.\d{1,2})?$/.test(v) && Number(v) > 0 && Number(v) <= 25), "0.01 to 25 percent"),
    // A cap of 0 would silently cancel every fee while the form shows "no cap": refuse it.
    lateFeeCap: z
      .string()
      .trim()
      .refine((v) => v === "" || (parseMoneyToCentavos(v) ?? 0) > 0, "An amount above zero, or empty for no cap"),
    lateFeeGraceDays: wholeDays(60),
    lateFeeRecurrence: z.enum(["once", "monthly"]),
    invoicePrefix: prefix,
    receiptPrefix: prefix,
    creditNotePrefix: prefix,
  })
  .superRefine((v, ctx) => {
    if (v.lateFeeMode === "fixed" && !parseMoneyToCentavos(v.lateFeeFixed))
      ctx.addIssue({ code: "custom", path: ["lateFeeFixed"], message: "Enter the fee" });
    if (v.lateFeeMode === "percent" && !v.lateFeePercent) ctx.addIssue({ code: "custom", path: ["lateFeePercent"], message: "Enter the percentage" });
    // The error goes on the field that repeats an earlier one, so it sits next to the clash.
    const clash =
      v.receiptPrefix === v.invoicePrefix
        ? "receiptPrefix"
        : v.creditNotePrefix === v.invoicePrefix || v.creditNotePrefix === v.receiptPrefix
          ? "creditNotePrefix"
          : null;
    if (clash) ctx.addIssue({ code: "custom", path: [clash], message: "Invoices, receipts and credit notes need different prefixes" });
  });
export type BillingSettingsValues = z.input<typeof billingSettingsSchema>;

const pesosText = (centavos: number | null) => (centavos === null || centavos === 0 ? "" : (centavos / 100).toFixed(2));

export function billingSettingsOf(tenant: Tenant): BillingSettingsValues {
  return {
    billingAnchor: tenant.billingAnchor,
    billingDay: tenant.billingDay,
    billingMode: tenant.billingMode,
    paymentTermsDays: tenant.paymentTermsDays,
    reminderDaysBefore: tenant.reminderDaysBefore,
    reminderDaysAfter: tenant.reminderDaysAfter,
    suspendAfterDays: tenant.suspendAfterDays,
    lateFeeMode: tenant.lateFeeMode,
    lateFeeFixed: pesosText(tenant.lateFeeFixedCentavos),
    lateFeePercent: tenant.lateFeeBps ? String(tenant.lateFeeBps / 100) : "",
    lateFeeCap: pesosText(tenant.lateFeeCapCentavos),
    lateFeeGraceDays: tenant.lateFeeGraceDays,
    lateFeeRecurrence: tenant.lateFeeRecurrence,
    invoicePrefix: tenant.invoicePrefix,
    receiptPrefix: tenant.receiptPrefix,
    creditNotePrefix: tenant.creditNotePrefix,
  };
}

export function lateFeePolicyOf(tenant: Tenant): LateFeePolicy {
  return {
    mode: tenant.lateFeeMode,
    fixedCentavos: tenant.lateFeeFixedCentavos,
    bps: tenant.lateFeeBps,
    capCentavos: tenant.lateFeeCapCentavos,
    graceDays: tenant.lateFeeGraceDays,
    recurrence: tenant.lateFeeRecurrence,
  };
}

export async function saveBillingSettings(db: Db, actor: TenantActor, values: z.output<typeof billingSettingsSchema>) {
  const row = {
    billingAnchor: values.billingAnchor,
    billingDay: values.billingDay,
    billingMode: values.billingMode,
    paymentTermsDays: values.paymentTermsDays,
    reminderDaysBefore: values.reminderDaysBefore,
    reminderDaysAfter: values.reminderDaysAfter,
    suspendAfterDays: values.suspendAfterDays,
    lateFeeMode: values.lateFeeMode,
    lateFeeFixedCentavos: parseMoneyToCentavos(values.lateFeeFixed) ?? 0,
    lateFeeBps: values.lateFeePercent ? Math.round(Number(values.lateFeePercent) * 100) : 0,
    lateFeeCapCentavos: values.lateFeeCap ? parseMoneyToCentavos(values.lateFeeCap) : null,
    lateFeeGraceDays: values.lateFeeGraceDays,
    lateFeeRecurrence: values.lateFeeRecurrence,
    invoicePrefix: values.invoicePrefix,
    receiptPrefix: values.receiptPrefix,
    creditNotePrefix: values.creditNotePrefix,
  };
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(tenants).where(eq(tenants.id, actor.tenantId));
    await tx
      .update(tenants)
      .set({ ...row, updatedAt: clock.now() })
      .where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, {
      action: "settings.billing",
      entityType: "tenant",
      entityId: actor.tenantId,
      before: billingSettingsOf(before),
      after: row,
    });
  });
}

export const taxClassSchema = z.object({
  name: z.string().trim().min(2, "Name it").max(60),
  ratePercent: z
    .string()
    .trim()
    .refine((v) => /^\d{1,2}(\.\d{1,2})?$/.test(v) && Number(v) <= 50, "0 to 50 percent"),
  exempt: z.boolean(),
});

/** Whether `taxClassId` is one of the tenant's own tax classes (another tenant's reads as unknown). */
export async function isOwnTaxClass(db: DbOrTx, { tenantId, taxClassId }: { tenantId: string; taxClassId: string }) {
  const [row] = await db
    .select({ id: taxClasses.id })
    .from(taxClasses)
    .where(and(eq(taxClasses.tenantId, tenantId), eq(taxClasses.id, taxClassId)));
  return Boolean(row);
}

export async function createTaxClass(db: Db, actor: TenantActor, values: z.output<typeof taxClassSchema>) {
  const duplicate = () => new AppError("conflict", `There is already a tax class ${values.name}.`, { fieldErrors: { name: ["Already used"] } });
  return db
    .transaction(async (tx) => {
      const [clash] = await tx
        .select({ id: taxClasses.id })
        .from(taxClasses)
        .where(and(eq(taxClasses.tenantId, actor.tenantId), sql`lower(${taxClasses.name}) = lower(${values.name})`));
      if (clash) throw duplicate();
      const [row] = await tx
        .insert(taxClasses)
        .values({
          tenantId: actor.tenantId,
          name: values.name,
          rateBps: values.exempt ? 0 : Math.round(Number(values.ratePercent) * 100),
          exempt: values.exempt,
        })
        .returning();
      await recordAudit(tx, actor, {
        action: "tax_class.created",
        entityType: "tax_class",
        entityId: row.id,
        after: { name: row.name, rateBps: row.rateBps, exempt: row.exempt },
      });
      return row;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    });
}

export async function deleteTaxClass(db: Db, actor: TenantActor, { taxClassId }: { taxClassId: string }) {
  if (!isUuid(taxClassId)) throw notFound("Tax class");
  await db.transaction(async (tx) => {
    const [inUse] = await tx
      .select({ name: servicePlans.name })
      .from(servicePlans)
      .where(and(eq(servicePlans.tenantId, actor.tenantId), eq(servicePlans.taxClassId, taxClassId)))
      .limit(1);
    if (inUse) throw new AppError("conflict", `The plan ${inUse.name} uses this tax class; move it to another class first.`);
    const deleted = await tx
      .delete(taxClasses)
      .where(and(eq(taxClasses.tenantId, actor.tenantId), eq(taxClasses.id, taxClassId)))
      .returning({ name: taxClasses.name });
    if (deleted.length === 0) throw notFound("Tax class");
    await recordAudit(tx, actor, { action: "tax_class.deleted", entityType: "tax_class", entityId: taxClassId, before: { name: deleted[0].name } });
  });
}

export const taxExemptionSchema = z
  .object({ customerId: z.uuid(), taxExempt: z.boolean(), reason: z.string().trim().max(200) })
  .refine((v) => !v.taxExempt || v.reason.length >= 3, { path: ["reason"], message: "Give the reason (e.g. the exemption certificate)" });

/** Marks a customer VAT-exempt (with the reason shown on invoices) or not; applies to invoices issued from now on. */
export async function setTaxExemption(db: Db, actor: TenantActor, input: z.output<typeof taxExemptionSchema>) {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(customers)
      .set({ taxExempt: input.taxExempt, taxExemptReason: input.taxExempt ? input.reason : "", updatedAt: clock.now() })
      .where(and(eq(customers.tenantId, actor.tenantId), eq(customers.id, input.customerId)))
      .returning({ id: customers.id });
    if (updated.length === 0) throw notFound("Customer");
    await recordAudit(tx, actor, {
      action: "customer.tax_exemption",
      entityType: "customer",
      entityId: input.customerId,
      customerId: input.customerId,
      after: { taxExempt: input.taxExempt, reason: input.reason },
    });
  });
}
