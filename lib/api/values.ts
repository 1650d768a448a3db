/*
 * What an API key may be allowed to do: one scope per area and access, `<area>:read` or `<area>:write`. A write
 * scope includes reading the same area. Routers, network status and usage are read-only through the API.
 */
export const apiAreas = ["customers", "subscriptions", "plans", "invoices", "payments", "tickets", "routers", "network", "usage"] as const;
export type ApiArea = (typeof apiAreas)[number];

export const readOnlyAreas: readonly ApiArea[] = ["plans", "routers", "network", "usage"];

export const apiScopes = apiAreas.flatMap((area) =>
  readOnlyAreas.includes(area) ? [`${area}:read` as const] : [`${area}:read` as const, `${area}:write` as const],
);
export type ApiScope = `${ApiArea}:read` | `${ApiArea}:write`;

export const areaLabels: Record<ApiArea, string> = {
  customers: "Customers",
  subscriptions: "Subscriptions",
  plans: "Service plans",
  invoices: "Invoices",
  payments: "Payments",
  tickets: "Tickets",
  routers: "Routers",
  network: "Network status",
  usage: "Usage",
};

/** The key's visible start: `nsk_live_` then 8 characters that identify it in lists and logs. */
export const API_KEY_PREFIX = "nsk_live_";

/** Requests per minute a key may make unless its ISP set another figure. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

/** How long a stored Idempotency-Key answer is replayed. */
export const IDEMPOTENCY_HOURS = 24;

/** The longest Idempotency-Key accepted (a UUID is 36; a payment collector's own transaction number fits). */
export const IDEMPOTENCY_KEY_MAX = 255;
