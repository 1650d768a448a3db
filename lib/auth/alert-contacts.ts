/*
 * How a staff member is reached for network incidents and SLA alerts: their own choice of channels, mobile
 * number and Telegram chat, kept on their user row and read by the notification outbox.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { notFound } from "@/lib/core/errors";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { users } from "./schema";
import type { AlertContactsInput } from "./alert-contact-rules";

export type AlertContacts = { alertChannels: string[]; alertPhone: string; alertTelegramChatId: string };

export async function getAlertContacts(db: DbOrTx, { tenantId, userId }: { tenantId: string; userId: string }): Promise<AlertContacts> {
  const [row] = await db
    .select({ alertChannels: users.alertChannels, alertPhone: users.alertPhone, alertTelegramChatId: users.alertTelegramChatId })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  if (!row) throw notFound("Staff member");
  return { alertChannels: row.alertChannels, alertPhone: row.alertPhone ?? "", alertTelegramChatId: row.alertTelegramChatId ?? "" };
}

/** Saves the signed-in staff member's own contacts (never anyone else's). */
export async function saveAlertContacts(db: Db, actor: TenantActor & { userId: string }, input: AlertContactsInput) {
  await db.transaction(async (tx) => {
    const before = await getAlertContacts(tx, { tenantId: actor.tenantId, userId: actor.userId });
    await tx
      .update(users)
      .set({
        alertChannels: input.alertChannels,
        alertPhone: input.alertPhone || null,
        alertTelegramChatId: input.alertTelegramChatId || null,
        updatedAt: clock.now(),
      })
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, actor.userId)));
    await recordAudit(tx, actor, { action: "staff.alert_contacts", entityType: "user", entityId: actor.userId, before, after: input });
  });
}
