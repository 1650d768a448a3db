/** A subscriber's channel choices, opt-out and chat addresses (their email and phone live on the customer). */
import "server-only";
import { and, eq } from "drizzle-orm";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { getCustomer } from "@/lib/customers/service";
import type { Db, DbOrTx } from "@/lib/db/types";
import { channelLabels } from "./events";
import { defaultPreferences, normalizePhone, type Preferences } from "./recipients";
import { customerNotificationPreferences, notificationChannels, type NotificationChannel } from "./schema";
import { clock } from "@/lib/core/clock";

export type CustomerPreferences = Preferences & { saved: boolean };

export async function getPreferences(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }): Promise<CustomerPreferences> {
  const [row] = await db
    .select()
    .from(customerNotificationPreferences)
    .where(and(eq(customerNotificationPreferences.tenantId, tenantId), eq(customerNotificationPreferences.customerId, customerId)));
  if (!row) return { ...defaultPreferences, saved: false };
  return { channels: row.channels, optOut: row.optOut, telegramChatId: row.telegramChatId, whatsappNumber: row.whatsappNumber, saved: true };
}

const describe = (p: Preferences) => ({
  channels: p.channels.map((c) => channelLabels[c]).join(", ") || "none",
  optOut: p.optOut,
  telegramChatId: p.telegramChatId ?? "",
  whatsappNumber: p.whatsappNumber ?? "",
});

/** Saves the choices (audited on the customer); another tenant's customer reads as not found. */
export async function savePreferences(
  db: Db,
  actor: TenantActor,
  input: { customerId: string; channels: NotificationChannel[]; optOut: boolean; telegramChatId: string; whatsappNumber: string },
): Promise<CustomerPreferences> {
  await getCustomer(db, { tenantId: actor.tenantId, customerId: input.customerId });
  const next: Preferences = {
    channels: notificationChannels.filter((c) => input.channels.includes(c)),
    optOut: input.optOut,
    telegramChatId: input.telegramChatId.trim() || null,
    whatsappNumber: input.whatsappNumber.trim() ? normalizePhone(input.whatsappNumber) : null,
  };
  return db.transaction(async (tx) => {
    const before = await getPreferences(tx, { tenantId: actor.tenantId, customerId: input.customerId });
    const values = { ...next, updatedAt: clock.now() };
    await tx
      .insert(customerNotificationPreferences)
      .values({ customerId: input.customerId, tenantId: actor.tenantId, ...values })
      .onConflictDoUpdate({
        target: customerNotificationPreferences.customerId,
        set: values,
        setWhere: eq(customerNotificationPreferences.tenantId, actor.tenantId),
      });
    await recordAudit(tx, actor, {
      action: "customer.notification_preferences",
      entityType: "customer",
      entityId: input.customerId,
      customerId: input.customerId,
      before: describe(before),
      after: describe(next),
    });
    return { ...next, saved: true };
  });
}
