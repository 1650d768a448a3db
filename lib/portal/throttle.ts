/*
 * Throttles on the portal's doors that need no session: signing in, and asking for a reset or sign-in link.
 * The per-account lockout (accounts.ts) stops guessing one account's password; these stop one network from
 * trying a password on many accounts, and a spread-out attack from trying it on all of one ISP's subscribers.
 * Counted in Postgres (lib/auth/throttle.ts), so every app instance shares the limits.
 */
import { giveBackThrottle, minutesWord, networkThrottledMessage, takeThrottle, type ThrottleRule } from "@/lib/auth/throttle";
import { addressKey } from "@/lib/core/client-ip";
import { AppError } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import type { DbOrTx } from "@/lib/db/types";

/*
 * Failed sign-ins. Subscribers of one ISP often share a carrier-grade NAT address, so only failures count
 * (a good sign-in gives its attempt back) and the per-address limit leaves room for honest typing mistakes.
 */
export const PORTAL_SIGN_IN_PER_ADDRESS: ThrottleRule = { name: "portal-sign-in:address", max: 20, windowMinutes: 15 };
export const PORTAL_SIGN_IN_PER_ISP: ThrottleRule = { name: "portal-sign-in:isp", max: 300, windowMinutes: 15 };
/** Reset and sign-in link requests (each sends an email): every request counts. */
export const PORTAL_LINKS_PER_ADDRESS: ThrottleRule = { name: "portal-link:address", max: 10, windowMinutes: 15 };
export const PORTAL_LINKS_PER_ISP: ThrottleRule = { name: "portal-link:isp", max: 200, windowMinutes: 15 };

type Source = { tenantId: string; ipAddress: string | null; now?: Date };

const ispBusyMessage = (minutes: number) => `Too many sign-in attempts at your internet provider right now. Try again in ${minutesWord(minutes)}.`;

/** Counts a sign-in attempt against the address and the ISP; refuses it, before any password check, past a limit. */
export async function guardPortalSignIn(db: DbOrTx, { tenantId, ipAddress, now = clock.now() }: Source): Promise<void> {
  await guard(db, PORTAL_SIGN_IN_PER_ADDRESS, addressKey(ipAddress), networkThrottledMessage, now);
  await guard(db, PORTAL_SIGN_IN_PER_ISP, tenantId, ispBusyMessage, now);
}

/** A sign-in that succeeded gives its attempts back. */
export async function releasePortalSignIn(db: DbOrTx, { tenantId, ipAddress, now = clock.now() }: Source): Promise<void> {
  await giveBackThrottle(db, PORTAL_SIGN_IN_PER_ADDRESS, addressKey(ipAddress), now);
  await giveBackThrottle(db, PORTAL_SIGN_IN_PER_ISP, tenantId, now);
}

/** Counts a reset or sign-in link request against the address and the ISP; refuses it past a limit. */
export async function guardPortalLinkRequest(db: DbOrTx, { tenantId, ipAddress, now = clock.now() }: Source): Promise<void> {
  const fromNetwork = (minutes: number) => `Too many link requests from your network. Try again in ${minutesWord(minutes)}.`;
  const atIsp = (minutes: number) => `Too many link requests at your internet provider right now. Try again in ${minutesWord(minutes)}.`;
  await guard(db, PORTAL_LINKS_PER_ADDRESS, addressKey(ipAddress), fromNetwork, now);
  await guard(db, PORTAL_LINKS_PER_ISP, tenantId, atIsp, now);
}

async function guard(db: DbOrTx, rule: ThrottleRule, subject: string, message: (minutes: number) => string, now: Date) {
  const outcome = await takeThrottle(db, rule, subject, now);
  if (!outcome.allowed) throw new AppError("rate_limited", message(outcome.retryInMinutes));
}
