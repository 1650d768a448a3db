/*
 * Portal sessions, separate from staff sessions: the cookie carries a random 32-byte token, the table only
 * its SHA-256, so a leaked table opens nothing. Sessions last 30 days from the last visit (sliding) and
 * end at sign-out, at a password change or reset, or when the customer is no longer a subscriber.
 */
import { and, eq, gt, lte, ne, sql } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { randomToken, sha256 } from "@/lib/core/crypto";
import type { DbOrTx } from "@/lib/db/types";
import { portalAccounts, portalSessions } from "./schema";
import { SESSION_DAYS, SESSION_SLIDE_AFTER_MS } from "./rules";
import { clock } from "@/lib/core/clock";

const sessionMs = SESSION_DAYS * 86_400_000;

export type PortalSession = {
  sessionId: string;
  tenantId: string;
  customerId: string;
  expiresAt: Date;
  /** True when this read extended the session: the cookie should be sent again with the new expiry. */
  extended: boolean;
  customer: { id: string; name: string; accountNumber: string; email: string; phone: string; status: string; balanceCentavos: number };
  tenant: { id: string; name: string; brandColor: string; logoDataUrl: string | null; timezone: string; currency: string };
};

/** Opens a session for a customer; returns the token for the cookie (never stored) and its expiry. */
export async function createPortalSession(
  db: DbOrTx,
  { tenantId, customerId, userAgent = "", now = clock.now() }: { tenantId: string; customerId: string; userAgent?: string; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + sessionMs);
  // The customer's expired sessions are useless rows: cleared here instead of by a job.
  await db
    .delete(portalSessions)
    .where(and(eq(portalSessions.tenantId, tenantId), eq(portalSessions.customerId, customerId), lte(portalSessions.expiresAt, now)));
  await db
    .insert(portalSessions)
    .values({ tenantId, customerId, tokenHash: sha256(token), expiresAt, userAgent: userAgent.slice(0, 300), createdAt: now, lastSeenAt: now });
  await db
    .update(portalAccounts)
    .set({ lastSignInAt: now, updatedAt: now })
    .where(and(eq(portalAccounts.tenantId, tenantId), eq(portalAccounts.customerId, customerId)));
  return { token, expiresAt };
}

/**
 * The live session for a cookie token, or null: unknown, expired, a lead (not a subscriber) or an ISP that
 * NetSphere suspended all read as signed out. A session not seen for a day is extended to 30 days from now.
 */
export async function findPortalSession(db: DbOrTx, token: string | undefined, now = clock.now()): Promise<PortalSession | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db
    .select({
      sessionId: portalSessions.id,
      expiresAt: portalSessions.expiresAt,
      lastSeenAt: portalSessions.lastSeenAt,
      customer: {
        id: customers.id,
        name: customers.name,
        accountNumber: customers.accountNumber,
        email: customers.email,
        phone: customers.phone,
        status: customers.status,
        balanceCentavos: customers.balanceCentavos,
      },
      tenant: {
        id: tenants.id,
        name: tenants.name,
        brandColor: tenants.brandColor,
        logoDataUrl: tenants.logoDataUrl,
        timezone: tenants.timezone,
        currency: tenants.currency,
        status: tenants.status,
      },
    })
    .from(portalSessions)
    .innerJoin(customers, and(eq(customers.id, portalSessions.customerId), eq(customers.tenantId, portalSessions.tenantId)))
    .innerJoin(tenants, eq(tenants.id, portalSessions.tenantId))
    .where(and(eq(portalSessions.tokenHash, sha256(token)), gt(portalSessions.expiresAt, now)));
  if (!row || row.customer.status === "lead" || row.tenant.status !== "active") return null;
  let expiresAt = row.expiresAt;
  const extended = now.getTime() - row.lastSeenAt.getTime() >= SESSION_SLIDE_AFTER_MS;
  if (extended) {
    expiresAt = new Date(now.getTime() + sessionMs);
    await db
      .update(portalSessions)
      .set({ expiresAt, lastSeenAt: now })
      .where(and(eq(portalSessions.tenantId, row.tenant.id), eq(portalSessions.id, row.sessionId)));
  }
  const { id, name, brandColor, logoDataUrl, timezone, currency } = row.tenant;
  const tenant = { id, name, brandColor, logoDataUrl, timezone, currency };
  return { sessionId: row.sessionId, tenantId: id, customerId: row.customer.id, expiresAt, extended, customer: row.customer, tenant };
}

/** Sign-out: the token stops working at once. */
export async function revokePortalSession(db: DbOrTx, token: string): Promise<void> {
  await db.delete(portalSessions).where(eq(portalSessions.tokenHash, sha256(token)));
}

/** Ends every session of a customer (password changed or reset), optionally keeping the one in use. */
export async function revokeCustomerSessions(
  db: DbOrTx,
  { tenantId, customerId, keepSessionId }: { tenantId: string; customerId: string; keepSessionId?: string },
): Promise<void> {
  await db
    .delete(portalSessions)
    .where(
      and(
        eq(portalSessions.tenantId, tenantId),
        eq(portalSessions.customerId, customerId),
        keepSessionId ? ne(portalSessions.id, keepSessionId) : sql`true`,
      ),
    );
}
