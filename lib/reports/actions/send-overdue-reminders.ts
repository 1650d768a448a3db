"use server";
import { z } from "zod";
import { actorOf } from "@/lib/audit/record";
import { defineStaffAction } from "@/lib/core/server-action";
import { sendOverdueReminders } from "@/lib/reports/overdue";

const input = z.object({
  invoiceIds: z.array(z.uuid("Unknown invoice")).min(1, "Select at least one invoice").max(500, "Select at most 500 invoices"),
});

/** Emails a reminder for each selected overdue invoice whose customer has an email address; each one is audited. */
export const sendOverdueRemindersAction = defineStaffAction({
  name: "reports.sendOverdueReminders",
  permission: "billing:write",
  input,
  revalidate: ["/finance"],
  run: (ctx, { invoiceIds }) => sendOverdueReminders(ctx.db, actorOf(ctx), { invoiceIds: [...new Set(invoiceIds)] }),
});
