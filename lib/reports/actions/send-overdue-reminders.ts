"use server";
import { z } from "zod";
import { actorOf } from "@/lib/audit/record";
import { defineStaffAction } from "@/lib/core/server-action";
import { assertInvoicesOfTenant } from "@/lib/billing/queries";
import { sendOverdueReminders } from "@/lib/reports/overdue";
import { kickOutbox } from "@/lib/notify/kick";

const input = z.object({
  invoiceIds: z.array(z.uuid("Unknown invoice")).min(1, "Select at least one invoice").max(500, "Select at most 500 invoices"),
});

/** Queues a reminder for each selected overdue invoice to its customer (email, SMS… as they chose), each audited, and sends them now. */
export const sendOverdueRemindersAction = defineStaffAction({
  name: "reports.sendOverdueReminders",
  permission: "billing:write",
  input,
  revalidate: ["/finance"],
  run: async (ctx, { invoiceIds }) => {
    await assertInvoicesOfTenant(ctx.db, ctx.tenantId, invoiceIds, "invoiceIds");
    const outcome = await sendOverdueReminders(ctx.db, actorOf(ctx), { invoiceIds: [...new Set(invoiceIds)] });
    kickOutbox(ctx.db);
    return outcome;
  },
});
