/** Service plan enum values without Drizzle, for client components; schema.ts builds its columns from them and re-exports them. */
export const planTypes = ["pppoe", "hotspot", "static"] as const;
/**
 * How a plan's speed is enforced on the router: by the PPP/hotspot profile's rate-limit (RouterOS makes
 * a dynamic queue per session), by a static simple queue per subscriber, or by a queue-tree leaf.
 */
export const queueModes = ["profile", "simple_queue", "queue_tree"] as const;
export const billingCycles = ["monthly", "quarterly", "semiannual", "annual"] as const;
