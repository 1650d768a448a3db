/*
 * One-time links: password reset, magic sign-in link and the first-time invitation. The email carries a
 * random 32-byte token, the table only its SHA-256; a link works once (claimed by one UPDATE, so two clicks
 * racing cannot both win) and for 30 to 60 minutes.
 */
import { and, count, eq, gt, inArray, isNull } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { randomToken, sha256 } from "@/lib/core/crypto";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { Db, DbOrTx } from "@/lib/db/types";
import { portalTokens } from "./schema";
import { MAX_OPEN_TOKENS, TOKEN_MINUTES, type PortalTokenKind } from "./rules";
import { findCustomersByIdentifier, setPortalPassword } from "./accounts";
import { createPortalSession, revokeCustomerSessions } from "./sessions";
import { kickOutbox } from "@/lib/notify/kick";
import { sendPortalLink } from "./notify";
import { portalUrlsOf } from "./branding";
import { guardPortalLinkRequest } from "./throttle";
import { clock } from "@/lib/core/clock";

const linkPath: Record<PortalTokenKind, string> = { reset: "/set-password", invite: "/set-password", magic_link: "/magic" };

/** A one-time link on the ISP's portal address: its custom domain when verified, else ours. */
export async function portalLinkFor(db: DbOrTx, { tenantId, kind, token }: { tenantId: string; kind: PortalTokenKind; token: string }): Promise<string> {
  const { pagesBase } = await portalUrlsOf(db, { tenantId });
  return `${pagesBase}${linkPath[kind]}?token=${token}`;
}

/** A new link token for the customer, or null when they already hold enough unused ones of that kind. */
export async function issuePortalToken(
  db: DbOrTx,
  { tenantId, customerId, kind, now = clock.now() }: { tenantId: string; customerId: string; kind: PortalTokenKind; now?: Date },
): Promise<string | null> {
  const [open] = await db
    .select({ n: count() })
    .from(portalTokens)
    .where(
      and(
        eq(portalTokens.tenantId, tenantId),
        eq(portalTokens.customerId, customerId),
        eq(portalTokens.kind, kind),
        isNull(portalTokens.usedAt),
        gt(portalTokens.expiresAt, now),
      ),
    );
  if (Number(open?.n ?? 0) >= MAX_OPEN_TOKENS) return null;
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + TOKEN_MINUTES[kind] * 60_000);
  await db.insert(portalTokens).values({ tenantId, customerId, kind, tokenHash: sha256(token), expiresAt, createdAt: now });
  return token;
}

export type TokenOwner = { tenantId: string; customerId: string; kind: PortalTokenKind };

/** Who a still-valid link belongs to, without using it up (to show the right ISP's page). */
export async function peekPortalToken(db: DbOrTx, token: string, kinds: PortalTokenKind[], now = clock.now()) {
  const [row] = await db
    .select({
      tenantId: portalTokens.tenantId,
      customerId: portalTokens.customerId,
      kind: portalTokens.kind,
      accountNumber: customers.accountNumber,
      ispName: tenants.name,
    })
    .from(portalTokens)
    .innerJoin(customers, eq(customers.id, portalTokens.customerId))
    .innerJoin(tenants, eq(tenants.id, portalTokens.tenantId))
    .where(
      and(eq(portalTokens.tokenHash, sha256(token)), inArray(portalTokens.kind, kinds), isNull(portalTokens.usedAt), gt(portalTokens.expiresAt, now)),
    );
  return row ?? null;
}

/** Uses up a valid link of one of `kinds`; null for an unknown, used or expired one. */
export async function consumePortalToken(db: DbOrTx, token: string, kinds: PortalTokenKind[], now = clock.now()): Promise<TokenOwner | null> {
  const [row] = await db
    .update(portalTokens)
    .set({ usedAt: now })
    .where(
      and(eq(portalTokens.tokenHash, sha256(token)), inArray(portalTokens.kind, kinds), isNull(portalTokens.usedAt), gt(portalTokens.expiresAt, now)),
    )
    .returning({ tenantId: portalTokens.tenantId, customerId: portalTokens.customerId, kind: portalTokens.kind });
  return row ?? null;
}

/**
 * "Forgot password" and "email me a sign-in link": sends a link to each account the identifier names that
 * has an email. Says nothing about whether any exists; the caller always shows the same confirmation.
 */
export async function requestPortalLink(
  db: Db,
  {
    tenantId,
    identifier,
    kind,
    ipAddress,
    now = clock.now(),
  }: { tenantId: string; identifier: string; kind: "reset" | "magic_link"; ipAddress: string | null; now?: Date },
): Promise<void> {
  await guardPortalLinkRequest(db, { tenantId, ipAddress, now });
  const targets = (await findCustomersByIdentifier(db, { tenantId, identifier })).filter((c) => c.email);
  for (const target of targets) {
    // The link and its email are queued together: a link nobody was sent is never left behind.
    await db.transaction(async (tx) => {
      const token = await issuePortalToken(tx, { tenantId, customerId: target.customerId, kind, now });
      if (token) await sendPortalLink(tx, { tenantId, customerId: target.customerId, purpose: kind, link: await portalLinkFor(tx, { tenantId, kind, token }) });
    });
  }
  if (targets.length > 0) kickOutbox();
}

const expiredLink = () => new AppError("validation", "This link is not valid, has expired or was already used. Ask for a new one.");

/**
 * A reset or invitation link sets the password, ends every other session and signs the subscriber in.
 * One transaction: a failure leaves the link usable and the old password in place.
 */
export async function setPasswordWithToken(
  db: Db,
  { token, password, userAgent, ipAddress }: { token: string; password: string; userAgent?: string; ipAddress?: string | null },
) {
  return db.transaction(async (tx) => {
    const owner = await consumePortalToken(tx, token, ["reset", "invite"]);
    if (!owner) throw expiredLink();
    const [customer] = await tx
      .select({ name: customers.name })
      .from(customers)
      .where(and(eq(customers.tenantId, owner.tenantId), eq(customers.id, owner.customerId)));
    await setPortalPassword(tx, { ...owner, password });
    await revokeCustomerSessions(tx, owner);
    await recordAudit(
      tx,
      { tenantId: owner.tenantId, userId: null, userName: `${customer?.name ?? "Subscriber"} (subscriber portal)`, ipAddress },
      {
        action: owner.kind === "invite" ? "portal.password_set" : "portal.password_reset",
        entityType: "customer",
        entityId: owner.customerId,
        customerId: owner.customerId,
      },
    );
    const session = await createPortalSession(tx, { ...owner, userAgent });
    return { ...session, tenantId: owner.tenantId, customerId: owner.customerId };
  });
}

/** A magic link signs the subscriber in once. */
export async function signInWithMagicLink(db: Db, { token, userAgent }: { token: string; userAgent?: string }) {
  return db.transaction(async (tx) => {
    const owner = await consumePortalToken(tx, token, ["magic_link"]);
    if (!owner) throw expiredLink();
    const session = await createPortalSession(tx, { ...owner, userAgent });
    return { ...session, tenantId: owner.tenantId, customerId: owner.customerId };
  });
}

/** Staff invite a subscriber to the portal: an email with a link to choose a password, audited. */
export async function invitePortalUser(db: Db, actor: TenantActor, { customerId }: { customerId: string }): Promise<{ expiresAt: Date }> {
  if (!isUuid(customerId)) throw notFound("Customer");
  const invited = await db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id, email: customers.email, status: customers.status })
      .from(customers)
      .where(and(eq(customers.tenantId, actor.tenantId), eq(customers.id, customerId)));
    if (!customer || customer.status === "lead") throw notFound("Customer");
    if (!customer.email) throw new AppError("validation", "Add the customer's email first: the invitation is sent there.");
    const now = clock.now();
    const token = await issuePortalToken(tx, { tenantId: actor.tenantId, customerId, kind: "invite", now });
    if (!token) throw new AppError("rate_limited", "This customer already has three unused invitations. Wait an hour before sending another.");
    await sendPortalLink(tx, { tenantId: actor.tenantId, customerId, purpose: "invite", link: await portalLinkFor(tx, { tenantId: actor.tenantId, kind: "invite", token }) });
    await recordAudit(tx, actor, {
      action: "portal.invited",
      entityType: "customer",
      entityId: customerId,
      customerId,
      after: { email: customer.email },
    });
    return { expiresAt: new Date(now.getTime() + TOKEN_MINUTES.invite * 60_000) };
  });
  kickOutbox();
  return invited;
}
