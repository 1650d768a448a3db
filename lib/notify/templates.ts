/*
 * Templates: the built-in wording (defaults.ts) unless the tenant saved its own for an event and channel.
 * Saving checks every {{variable}} against the event's list, so a typo is refused, not sent as a blank.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import type { Db, DbOrTx } from "@/lib/db/types";
import { defaultTemplate } from "./defaults";
import { channelLabels, eventCatalog } from "./events";
import { templateSchema, type TemplateInput } from "./rules";
import { notificationChannels, notificationEvents, notificationTemplates, type NotificationChannel, type NotificationEvent } from "./schema";
import { clock } from "@/lib/core/clock";

export type EffectiveTemplate = {
  event: NotificationEvent;
  channel: NotificationChannel;
  enabled: boolean;
  subject: string;
  body: string;
  /** The tenant saved its own wording. */
  custom: boolean;
  updatedAt: Date | null;
};

const keyOf = (event: NotificationEvent, channel: NotificationChannel) => `${event}:${channel}`;

/** The effective template of each channel for one event (or every event when none is given). */
export async function loadTemplates(
  db: DbOrTx,
  { tenantId, event }: { tenantId: string; event?: NotificationEvent },
): Promise<Map<string, EffectiveTemplate>> {
  const rows = await db
    .select()
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.tenantId, tenantId), event ? eq(notificationTemplates.event, event) : undefined));
  const saved = new Map(rows.map((row) => [keyOf(row.event, row.channel), row]));
  const out = new Map<string, EffectiveTemplate>();
  for (const e of event ? [event] : notificationEvents) {
    for (const channel of notificationChannels) {
      const row = saved.get(keyOf(e, channel));
      out.set(
        keyOf(e, channel),
        row
          ? { event: e, channel, enabled: row.enabled, subject: row.subject, body: row.body, custom: true, updatedAt: row.updatedAt }
          : { event: e, channel, enabled: true, ...defaultTemplate(e, channel), custom: false, updatedAt: null },
      );
    }
  }
  return out;
}

export function templateOf(templates: Map<string, EffectiveTemplate>, event: NotificationEvent, channel: NotificationChannel): EffectiveTemplate {
  return (
    templates.get(keyOf(event, channel)) ?? { event, channel, enabled: true, ...defaultTemplate(event, channel), custom: false, updatedAt: null }
  );
}

/** Saves the tenant's wording; unknown variables are refused with a field error listing them. */
export async function saveTemplate(db: Db, actor: TenantActor, raw: TemplateInput) {
  const parsed = templateSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    throw new AppError("validation", Object.values(fieldErrors).flat().join(". "), { fieldErrors });
  }
  const input = parsed.data;
  const subject = input.channel === "email" ? input.subject : "";
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(notificationTemplates)
      .where(
        and(
          eq(notificationTemplates.tenantId, actor.tenantId),
          eq(notificationTemplates.event, input.event),
          eq(notificationTemplates.channel, input.channel),
        ),
      );
    const values = { enabled: input.enabled, subject, body: input.body, updatedAt: clock.now() };
    await tx
      .insert(notificationTemplates)
      .values({ tenantId: actor.tenantId, event: input.event, channel: input.channel, ...values })
      .onConflictDoUpdate({ target: [notificationTemplates.tenantId, notificationTemplates.event, notificationTemplates.channel], set: values });
    await recordAudit(tx, actor, {
      action: "notifications.template_saved",
      entityType: "notification_template",
      before: before ? { enabled: before.enabled, subject: before.subject, body: before.body } : undefined,
      after: { template: `${eventCatalog[input.event].label} · ${channelLabels[input.channel]}`, enabled: input.enabled, subject, body: input.body },
    });
    return { event: input.event, channel: input.channel };
  });
}

/** Back to the built-in wording. */
export async function resetTemplate(db: Db, actor: TenantActor, { event, channel }: { event: NotificationEvent; channel: NotificationChannel }) {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(notificationTemplates)
      .where(
        and(eq(notificationTemplates.tenantId, actor.tenantId), eq(notificationTemplates.event, event), eq(notificationTemplates.channel, channel)),
      )
      .returning({ body: notificationTemplates.body });
    if (removed.length === 0) return { reset: false };
    await recordAudit(tx, actor, {
      action: "notifications.template_reset",
      entityType: "notification_template",
      after: { template: `${eventCatalog[event].label} · ${channelLabels[channel]}` },
    });
    return { reset: true };
  });
}
