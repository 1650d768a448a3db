/* The staff member's own alert contacts form (zod; loaded on demand by the form, parsed by the action). */
import { z } from "zod";
import { notificationChannels } from "@/lib/notify/values";

const PHONE = /^\+?[0-9 ()-]{7,20}$/;

export const alertContactsSchema = z
  .object({
    alertChannels: z.array(z.enum(notificationChannels)).min(1, "Choose at least one way to be reached.").max(4),
    alertPhone: z
      .string()
      .trim()
      .max(24)
      .refine((value) => value === "" || PHONE.test(value), "A mobile number like 0917 123 4567."),
    alertTelegramChatId: z
      .string()
      .trim()
      .max(32)
      .refine((value) => value === "" || /^-?[0-9]{3,20}$/.test(value), "The chat ID is a number (ask the ISP's bot for it)."),
  })
  .superRefine((input, ctx) => {
    if ((input.alertChannels.includes("sms") || input.alertChannels.includes("whatsapp")) && !input.alertPhone) {
      ctx.addIssue({ code: "custom", path: ["alertPhone"], message: "SMS and WhatsApp need your mobile number." });
    }
    if (input.alertChannels.includes("telegram") && !input.alertTelegramChatId) {
      ctx.addIssue({ code: "custom", path: ["alertTelegramChatId"], message: "Telegram needs your chat ID." });
    }
  });
export type AlertContactsInput = z.output<typeof alertContactsSchema>;
