/*
 * What a subscriber may change about themselves: email and phone (through the customer service, so search
 * and the audit trail stay right, with the subscriber named as the one who changed them) and how they want
 * to be told things (customer_notification_preferences).
 */
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { customerNotificationPreferences, type NotificationChannel } from "@/lib/notify/schema";
import { customerFieldsSchema, type CustomerFields } from "@/lib/customers/rules";
import { getCustomer, updateCustomer } from "@/lib/customers/service";
import { recordAudit } from "@/lib/audit/record";
import type { Db, DbOrTx } from "@/lib/db/types";
import type { CustomerActor } from "./accounts";
import type { contactSchema, preferencesSchema } from "./rules";

/** Changes the subscriber's email and phone; the other customer fields stay exactly as staff left them. */
export async function updateContactDetails(db: Db, actor: CustomerActor, contact: z.output<typeof contactSchema>): Promise<void> {
  const customer = await getCustomer(db, { tenantId: actor.tenantId, customerId: actor.customerId });
  const fields = Object.fromEntries(Object.keys(customerFieldsSchema.shape).map((key) => [key, customer[key as keyof typeof customer]])) as CustomerFields;
  await updateCustomer(db, actor, { customerId: actor.customerId, fields: { ...fields, email: contact.email, phone: contact.phone } });
}

export type NotificationPreferences = {
  channels: NotificationChannel[];
  optOut: boolean;
  telegramChatId: string;
  whatsappNumber: string;
};

/** The subscriber's choices; without a row, email and SMS are on (the table's defaults). */
export async function getNotificationPreferences(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }): Promise<NotificationPreferences> {
  const [row] = await db
    .select()
    .from(customerNotificationPreferences)
    .where(and(eq(customerNotificationPreferences.tenantId, tenantId), eq(customerNotificationPreferences.customerId, customerId)));
  return {
    channels: row?.channels ?? ["email", "sms"],
    optOut: row?.optOut ?? false,
    telegramChatId: row?.telegramChatId ?? "",
    whatsappNumber: row?.whatsappNumber ?? "",
  };
}

export async function saveNotificationPreferences(db: Db, actor: CustomerActor, input: z.output<typeof preferencesSchema>): Promise<void> {
  const values = {
    channels: [...new Set(input.channels)],
    optOut: input.optOut,
    telegramChatId: input.telegramChatId || null,
    whatsappNumber: input.whatsappNumber || null,
    updatedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    const before = await getNotificationPreferences(tx, actor);
    await tx
      .insert(customerNotificationPreferences)
      .values({ tenantId: actor.tenantId, customerId: actor.customerId, ...values })
      .onConflictDoUpdate({ target: customerNotificationPreferences.customerId, set: values });
    await recordAudit(tx, actor, {
      action: "customer.notification_preferences",
      entityType: "customer",
      entityId: actor.customerId,
      customerId: actor.customerId,
      before: { channels: before.channels, optOut: before.optOut },
      after: { channels: values.channels, optOut: values.optOut },
    });
  });
}
