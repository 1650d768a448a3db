/*
 * A tenant's channel providers. Secrets (API key, bot token, access token) are encrypted at rest and leave
 * this module only decrypted for the sender; pages get `ChannelView`, which says whether one is saved.
 * Email is on unless switched off (it needs no provider); the other channels need switching on and a secret.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import { AppError } from "@/lib/core/errors";
import { outboundUrlProblem } from "@/lib/core/outbound";
import type { Db, DbOrTx } from "@/lib/db/types";
import { tenantBranding } from "@/lib/tenants/queries";
import { channelLabels } from "./events";
import { channelSettings, notificationChannels, type NotificationChannel } from "./schema";
import type { ChannelSettingsInput, ChannelView } from "./rules";
import type { ChannelSettings } from "./channels";
import { clock } from "@/lib/core/clock";

export async function channelViews(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<Record<NotificationChannel, ChannelView>> {
  const rows = await db
    .select({
      channel: channelSettings.channel,
      enabled: channelSettings.enabled,
      config: channelSettings.config,
      secret: channelSettings.secretEncrypted,
    })
    .from(channelSettings)
    .where(eq(channelSettings.tenantId, tenantId));
  const views = {} as Record<NotificationChannel, ChannelView>;
  for (const channel of notificationChannels) {
    const row = rows.find((r) => r.channel === channel);
    views[channel] = {
      channel,
      enabled: row ? row.enabled : channel === "email",
      configured: !!row,
      secretSaved: !!row?.secret,
      config: row?.config ?? {},
    };
  }
  return views;
}

/** Decrypted settings per channel, for sending; a channel without a row is email-on / others-off. */
export async function loadChannelSettings(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<Map<NotificationChannel, ChannelSettings>> {
  const [rows, tenant] = await Promise.all([
    db.select().from(channelSettings).where(eq(channelSettings.tenantId, tenantId)),
    tenantBranding(db, { tenantId }),
  ]);
  const branding = tenant && {
    name: tenant.name,
    brandColor: tenant.brandColor,
    logoDataUrl: tenant.logoDataUrl,
    contact: [tenant.contactPhone, tenant.email]
      .map((part) => part.trim())
      .filter(Boolean)
      .join(" · "),
  };
  const map = new Map<NotificationChannel, ChannelSettings>();
  for (const channel of notificationChannels) {
    const row = rows.find((r) => r.channel === channel);
    map.set(channel, {
      channel,
      enabled: row ? row.enabled : channel === "email",
      config: row?.config ?? {},
      secret: row?.secretEncrypted ? decryptSecret(row.secretEncrypted) : null,
      ...(channel === "email" && branding ? { branding } : {}),
    });
  }
  return map;
}

/** Channels messages may be queued on: switched on and, but for email, with a secret saved. */
export async function enabledChannels(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<Set<NotificationChannel>> {
  const views = await channelViews(db, { tenantId });
  return new Set(notificationChannels.filter((channel) => views[channel].enabled && (channel === "email" || views[channel].secretSaved)));
}

/** The form's channel-specific fields as the stored config and the secret typed (blank = keep). */
function splitInput(input: ChannelSettingsInput): { config: Record<string, string>; secret: string; secretLabel: string } {
  switch (input.channel) {
    case "email":
      return { config: {}, secret: "", secretLabel: "" };
    case "sms":
      return {
        config: { provider: input.provider, baseUrl: input.baseUrl, senderName: input.senderName },
        secret: input.apiKey,
        secretLabel: "API key",
      };
    case "telegram":
      return { config: { baseUrl: input.baseUrl }, secret: input.botToken, secretLabel: "bot token" };
    case "whatsapp":
      return {
        config: { baseUrl: input.baseUrl, apiVersion: input.apiVersion, phoneNumberId: input.phoneNumberId },
        secret: input.accessToken,
        secretLabel: "access token",
      };
  }
}

const secretField = { email: "", sms: "apiKey", telegram: "botToken", whatsapp: "accessToken" } as const;

/** Saves one channel; blank secrets keep the saved one. Switching a channel on needs its secret (and WhatsApp its number id). */
export async function saveChannelSettings(db: Db, actor: TenantActor, input: ChannelSettingsInput) {
  const { config, secret, secretLabel } = splitInput(input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(channelSettings)
      .where(and(eq(channelSettings.tenantId, actor.tenantId), eq(channelSettings.channel, input.channel)));
    if (input.enabled && input.channel !== "email" && !secret && !before?.secretEncrypted) {
      throw new AppError("validation", `Enter the ${secretLabel} to switch ${channelLabels[input.channel]} on.`, {
        fieldErrors: { [secretField[input.channel]]: [`Enter the ${secretLabel}`] },
      });
    }
    // Refused here too, not only when sending, so the form says at once that such a URL will never be called.
    const urlProblem = config.baseUrl ? outboundUrlProblem(config.baseUrl) : null;
    if (urlProblem) throw new AppError("validation", urlProblem, { fieldErrors: { baseUrl: [urlProblem] } });
    if (input.enabled && input.channel === "whatsapp" && !config.phoneNumberId) {
      throw new AppError("validation", "Enter the phone number id to switch WhatsApp on.", {
        fieldErrors: { phoneNumberId: ["Enter the phone number id"] },
      });
    }
    const values = { enabled: input.enabled, config, ...(secret ? { secretEncrypted: encryptSecret(secret) } : {}), updatedAt: clock.now() };
    await tx
      .insert(channelSettings)
      .values({ tenantId: actor.tenantId, channel: input.channel, ...values })
      .onConflictDoUpdate({ target: [channelSettings.tenantId, channelSettings.channel], set: values });
    await recordAudit(tx, actor, {
      action: "notifications.channel_saved",
      entityType: "notification_channel",
      entityId: null,
      before: before ? { channel: before.channel, enabled: before.enabled, ...before.config } : undefined,
      // Which secret was replaced, never its value.
      after: { channel: input.channel, enabled: input.enabled, ...config, replaced: secret ? [secretLabel] : [] },
    });
    return { channel: input.channel, enabled: input.enabled };
  });
}
