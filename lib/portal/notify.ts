/*
 * The portal's one way to send a subscriber a link by email (password reset, magic sign-in link, first-time
 * invitation). Until the notification outbox is available this sends straight through the mailer (the dev
 * mailbox without SMTP); the call site does not change when it moves to `enqueueNotification`.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { sendEmail } from "@/lib/mail/send";
import type { DbOrTx } from "@/lib/db/types";

export type PortalLinkEvent = "portal_password_reset" | "portal_magic_link";
export type PortalLinkPurpose = "reset" | "magic_link" | "invite";

const wording: Record<PortalLinkPurpose, { subject: string; lead: string; validFor: string }> = {
  reset: { subject: "Reset your portal password", lead: "Someone asked to reset the password of your subscriber portal.", validFor: "one hour" },
  magic_link: { subject: "Your sign-in link", lead: "Here is the sign-in link you asked for.", validFor: "30 minutes" },
  invite: { subject: "Your subscriber portal is ready", lead: "You can now see your bills, pay online and ask for help in our subscriber portal.", validFor: "one hour" },
};

/** Queues the email with the link for the customer; the link is the only secret in it. */
export async function sendPortalLink(
  db: DbOrTx,
  { tenantId, customerId, purpose, link }: { tenantId: string; customerId: string; purpose: PortalLinkPurpose; link: string },
): Promise<void> {
  const [row] = await db
    .select({ email: customers.email, name: customers.name, accountNumber: customers.accountNumber, ispName: tenants.name })
    .from(customers)
    .innerJoin(tenants, eq(tenants.id, customers.tenantId))
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!row?.email) return;
  const text = wording[purpose];
  await sendEmail(db, {
    tenantId,
    to: row.email,
    subject: `${text.subject} · ${row.ispName}`,
    text: [
      `Hello ${row.name},`,
      "",
      text.lead,
      `Account number: ${row.accountNumber}`,
      "",
      link,
      "",
      `The link works once and for ${text.validFor}. If you did not ask for it, ignore this email.`,
      "",
      row.ispName,
    ].join("\n"),
  });
}
