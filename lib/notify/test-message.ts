/** "Send test message" on the channel settings: straight through the provider with the saved settings, so an admin sees the answer. */
import "server-only";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { tenantLocale } from "@/lib/tenants/queries";
import type { Db } from "@/lib/db/types";
import { ChannelError, sendVia } from "./channels";
import { channelLabels } from "./events";
import { normalizePhone } from "./recipients";
import { loadChannelSettings } from "./settings";
import type { NotificationChannel } from "./schema";

function addressFor(channel: NotificationChannel, raw: string): string {
  const value = raw.trim();
  const refuse = (message: string) => new AppError("validation", message, { fieldErrors: { to: [message] } });
  if (channel === "email") {
    if (!/^[^\s@]+@[^\s@]+$/.test(value)) throw refuse("Enter an email address");
    return value;
  }
  if (channel === "telegram") {
    if (!/^-?\d{3,20}$/.test(value)) throw refuse("Enter a numeric chat id (message your bot first)");
    return value;
  }
  const phone = normalizePhone(value);
  if (!phone) throw refuse("Enter a mobile number like 0917 123 4567");
  return phone;
}

export async function sendTestMessage(db: Db, actor: TenantActor, input: { channel: NotificationChannel; to: string }) {
  const to = addressFor(input.channel, input.to);
  const settings = (await loadChannelSettings(db, { tenantId: actor.tenantId })).get(input.channel)!;
  const tenant = await tenantLocale(db, { tenantId: actor.tenantId });
  const label = channelLabels[input.channel];
  // Semaphore silently drops messages that start with "TEST", so the business name comes first.
  const body = `${tenant.name}: a test message from NetSphere. If you can read this, ${label} works.`;
  let providerMessageId: string;
  try {
    ({ providerMessageId } = await sendVia(
      input.channel,
      settings,
      { tenantId: actor.tenantId, to, subject: `${tenant.name}: ${label} test message`, body },
      { db },
    ));
  } catch (error) {
    if (error instanceof ChannelError) throw new AppError("validation", `${label} did not send the test: ${error.message}`);
    throw error;
  }
  await recordAudit(db, actor, {
    action: "notifications.test_sent",
    entityType: "notification_channel",
    after: { channel: input.channel, to },
  });
  return { to, providerMessageId };
}
