/*
 * The portal's one way to send a subscriber a link. Invitations, password resets and magic sign-in links go through the
 * notification outbox (the ISP's own templates, the communication log, retries); call `kickOutbox()` after
 * the transaction commits.
 */
import "server-only";
import { enqueueNotification } from "@/lib/notify/enqueue";
import type { DbOrTx } from "@/lib/db/types";
import { TOKEN_MINUTES, type PortalTokenKind } from "./rules";

const expiresIn = (kind: PortalTokenKind) => (TOKEN_MINUTES[kind] === 60 ? "1 hour" : `${TOKEN_MINUTES[kind]} minutes`);

const events = { reset: "portal_password_reset", magic_link: "portal_magic_link", invite: "portal_invite" } as const;
const linkVariable = { reset: "resetUrl", magic_link: "signInUrl", invite: "setupUrl" } as const;

/** Queues the email with the link (the link is the only secret in it); the ISP's own template words it. */
export async function sendPortalLink(
  db: DbOrTx,
  { tenantId, customerId, purpose, link }: { tenantId: string; customerId: string; purpose: PortalTokenKind; link: string },
): Promise<void> {
  await enqueueNotification(db, {
    tenantId,
    customerId,
    event: events[purpose],
    data: { [linkVariable[purpose]]: link, expiresIn: expiresIn(purpose) },
    channels: ["email"],
  });
}
