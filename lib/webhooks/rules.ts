/*
 * The rules of outgoing webhooks, pure: the retry schedule, when an endpoint has failed long enough to be switched
 * off, which lifecycle moves are which events, and how much of an answer the delivery log keeps.
 */
import type { WebhookEventType } from "./values";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Waits after each failed attempt (Standard Webhooks' schedule): the 2nd attempt 5 s after the 1st, … the 8th 10 h
 * after the 7th, about a day after the first in all. The 8th failure is final.
 */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** How long to wait after the `attempts`-th attempt failed, or null when that was the last one. */
export function retryDelayAfter(attempts: number): number | null {
  if (attempts < 1) return RETRY_DELAYS_MS[0];
  return attempts <= RETRY_DELAYS_MS.length ? RETRY_DELAYS_MS[attempts - 1] : null;
}

/** An endpoint whose every attempt failed for this long (no success in between) is switched off. */
export const DISABLE_AFTER_MS = 24 * HOUR;

export function failedForADay(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
}

/** Any 2xx answer is a delivery; anything else (3xx included: redirects are refused) is retried. */
export const isDeliveredStatus = (status: number | null) => status !== null && status >= 200 && status < 300;

/** What the delivery log keeps of an answer's body, in bytes. */
export const RESPONSE_BODY_LIMIT = 2048;

/**
 * The first 2 KB of an answer as text: a character cut in half at the limit is dropped, and NUL (which Postgres
 * text cannot hold) is removed, so a binary answer is kept as the text it decodes to.
 */
export function clipResponseBody(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes.subarray(0, RESPONSE_BODY_LIMIT));
  const whole = bytes.length > RESPONSE_BODY_LIMIT ? text.replace(/\uFFFD$/, "") : text;
  return whole.replaceAll("\u0000", "");
}

type SubscriptionState = "pending" | "active" | "suspended" | "terminated";

/** The event of a lifecycle move: pending → active starts it, suspended → active brings it back, any → terminated ends it. */
export function subscriptionEventOf(from: SubscriptionState | null, to: SubscriptionState): WebhookEventType | null {
  if (from === to) return null;
  if (to === "terminated") return "subscription.terminated";
  if (to === "suspended") return "subscription.suspended";
  if (to === "active") return from === "suspended" ? "subscription.reactivated" : "subscription.activated";
  return null;
}

type RouterState = "unknown" | "online" | "degraded" | "offline";

/**
 * A router goes down when it stops answering after it answered (online or degraded → offline), and comes up when it
 * answers again after being down; a first reading of a new router and online ⇄ degraded are neither.
 */
export function routerEventOf(from: RouterState | null, to: RouterState): "router.down" | "router.up" | null {
  const answering = (state: RouterState | null) => state === "online" || state === "degraded";
  if (to === "offline" && answering(from)) return "router.down";
  if (answering(to) && from === "offline") return "router.up";
  return null;
}
