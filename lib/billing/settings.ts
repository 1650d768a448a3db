/*
 * The tenant's billing policy (periods, terms, dunning, late fees, document prefixes) and its tax classes.
 */
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { taxClasses } from "@/lib/billing/schema";
import { servicePlans } from "@/lib/plans/schema";
import { tenants, type Tenant } from "@/lib/tenants/schema";
import { customers } from "@/lib/customers/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { parseMoneyToCentavos } from "@/lib/core/money";
import type { LateFeePolicy } from "./rules";
import type { billingSettingsSchema, BillingSettingsValues, taxClassSchema, taxExemptionSchema } from "./forms";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

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
