"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { invoiceTemplateSchema } from "@/lib/billing/documents/template-rules";
import { saveInvoiceTemplate } from "@/lib/billing/documents/template";

export const saveInvoiceTemplateAction = defineStaffAction({
  name: "saveInvoiceTemplate",
  permission: "billing:settings",
  input: invoiceTemplateSchema,
  revalidate: ["/billing"],
  run: async (ctx, template) => {
    await saveInvoiceTemplate(ctx.db, actorOf(ctx), template);
    return { saved: true };
  },
});
