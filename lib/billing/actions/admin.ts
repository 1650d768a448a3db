"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { previewBilling, runBilling } from "@/lib/billing/run";
import { redeemPromo, savePromo } from "@/lib/billing/promos";
import { createTaxClass, deleteTaxClass, saveBillingSettings, setTaxExemption } from "@/lib/billing/settings";
import { billingSettingsSchema, promoFieldsSchema, taxClassSchema, taxExemptionSchema } from "@/lib/billing/forms";

const billUpTo = z.object({ billUpTo: z.iso.date("Use a date like 2026-12-01") });

export const previewBillingAction = defineStaffAction({
  name: "previewBilling",
  permission: "billing:run",
  // A preview writes nothing: open while the ISP's NetSphere account is read-only.
  changesData: false,
  input: billUpTo,
  run: async (ctx, input) => previewBilling(ctx.db, { tenantId: ctx.tenantId, billUpTo: input.billUpTo }),
});

export const runBillingAction = defineStaffAction({
  name: "runBilling",
  permission: "billing:run",
  input: billUpTo,
  revalidate: ["/billing", "/customers", "/finance"],
  run: async (ctx, input) => runBilling(ctx.db, actorOf(ctx), { billUpTo: input.billUpTo, trigger: "manual" }),
});

export const savePromoAction = defineStaffAction({
  name: "savePromo",
  permission: "billing:settings",
  input: z.object({ promoId: z.uuid().optional(), promo: promoFieldsSchema }),
  revalidate: ["/billing/promos"],
  run: async (ctx, input) => savePromo(ctx.db, actorOf(ctx), { promoId: input.promoId, fields: input.promo }),
});

export const redeemPromoAction = defineStaffAction({
  name: "redeemPromo",
  permission: "billing:write",
  input: z
    .object({
      code: z.string().trim().min(1, "Enter the code").max(20),
      customerId: z.uuid(),
      subscriptionId: z.uuid().optional(),
      invoiceId: z.uuid().optional(),
    })
    .refine((v) => (v.subscriptionId === undefined) !== (v.invoiceId === undefined), {
      path: ["code"],
      message: "Choose a subscription or an invoice",
    }),
  revalidate: ["/billing", "/customers"],
  run: async (ctx, input) => redeemPromo(ctx.db, actorOf(ctx), input),
});

export const saveBillingSettingsAction = defineStaffAction({
  name: "saveBillingSettings",
  permission: "billing:settings",
  input: billingSettingsSchema,
  revalidate: ["/billing/settings"],
  run: async (ctx, input) => {
    await saveBillingSettings(ctx.db, actorOf(ctx), input);
    return { ok: true };
  },
});

export const createTaxClassAction = defineStaffAction({
  name: "createTaxClass",
  permission: "billing:settings",
  input: taxClassSchema,
  revalidate: ["/billing/settings", "/plans"],
  run: async (ctx, input) => {
    const row = await createTaxClass(ctx.db, actorOf(ctx), input);
    return { id: row.id };
  },
});

export const deleteTaxClassAction = defineStaffAction({
  name: "deleteTaxClass",
  permission: "billing:settings",
  input: z.object({ taxClassId: z.uuid() }),
  revalidate: ["/billing/settings", "/plans"],
  run: async (ctx, input) => {
    await deleteTaxClass(ctx.db, actorOf(ctx), input);
    return { ok: true };
  },
});

export const setTaxExemptionAction = defineStaffAction({
  name: "setTaxExemption",
  permission: "billing:write",
  input: taxExemptionSchema,
  revalidate: ["/customers"],
  run: async (ctx, input) => {
    await setTaxExemption(ctx.db, actorOf(ctx), input);
    return { ok: true };
  },
});
