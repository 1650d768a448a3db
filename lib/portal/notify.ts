/*
 * The portal's one way to send a subscriber a link. Password resets and magic sign-in links go through the
 * notification outbox (the ISP's own templates, the communication log, retries); call `kickOutbox()` after
 * the transaction commits. The first-time invitation has no notification event of its own yet, so it is
 * emailed directly with its own wording.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { sendEmail } from "@/lib/mail/send";
import { enqueueNotification } from "@/lib/notify/enqueue";
import type { DbOrTx } from "@/lib/db/types";
import { TOKEN_MINUTES, type PortalTokenKind } from "./rules";

const expiresIn = (kind: PortalTokenKind) => (TOKEN_MINUTES[kind] === 60 ? "1 hour" : `${TOKEN_MINUTES[kind]} minutes`);

/** Queues (or, for an invitation, sends) the email with the link; the link is the only secret in it. */
export async function sendPortalLink(
  db: DbOrTx,
  { tenantId, customerId, purpose, link }: { tenantId: string; customerId: string; purpose: PortalTokenKind; link: string },
): Promise<void> {
  if (purpose === "reset" || purpose === "magic_link") {
    await enqueueNotification(db, {
      tenantId,
      customerId,
      event: purpose === "reset" ? "portal_password_reset" : "portal_magic_link",
      data: purpose === "reset" ? { resetUrl: link, expiresIn: expiresIn(purpose) } : { signInUrl: link, expiresIn: expiresIn(purpose) },
      channels: ["email"],
    });
    return;
  }
  const [row] = await db
    .select({ email: customers.email, name: customers.name, accountNumber: customers.accountNumber, ispName: tenants.name })
    .from(customers)
    .innerJoin(tenants, eq(tenants.id, customers.tenantId))
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!row?.email) return;
  await sendEmail(db, {
    tenantId,
    to: row.email,
    subject: `Your ${row.ispName} subscriber portal is ready`,
    text: [
      `Hello ${row.name},`,
      "",
      `You can now see your bills, pay online, check your connection and ask ${row.ispName} for help in the subscriber portal.`,
      `To choose your password for account ${row.accountNumber}, open:`,
      link,
      "",
      `The link works once and for ${expiresIn(purpose)}. After that, sign in with your account number and password.`,
      "",
      row.ispName,
    ].join("\n"),
  });
}
