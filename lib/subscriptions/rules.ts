import { z } from "zod";
import { subscriptionStatuses } from "@/lib/subscriptions/values";

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._@-]{3,64}$/, "Use 3–64 letters, digits, dot, dash, underscore or @");

export const subscriptionFieldsSchema = z.object({
  planId: z.string().uuid("Choose a plan"),
  routerId: z
    .union([z.literal("").transform(() => null), z.string().uuid("Choose a router")])
    .nullable()
    .default(null),
  username: z.union([z.literal("").transform(() => undefined), usernameSchema]).optional(),
  password: z.union([z.literal("").transform(() => undefined), z.string().min(6, "At least 6 characters").max(64)]).optional(),
  staticIp: z
    .union([z.literal("").transform(() => null), z.ipv4("Enter an IPv4 address")])
    .nullable()
    .default(null),
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date"),
  status: z.enum(subscriptionStatuses).default("active"),
});
export type SubscriptionFields = z.infer<typeof subscriptionFieldsSchema>;

/** A static address typed, or taken from a pool (`poolId`, when nothing is typed), or neither: no static address. */
export const staticIpSchema = z.object({
  subscriptionId: z.uuid(),
  staticIp: z
    .union([z.literal("").transform(() => null), z.ipv4("Enter an IPv4 address")])
    .nullable()
    .default(null),
  poolId: z
    .union([z.literal("").transform(() => null), z.uuid("Choose a pool")])
    .nullable()
    .default(null),
});

/**
 * A PPPoE/hotspot username from the account number: "acc-000042" — unique per tenant because
 * account numbers are; a clash with an existing (imported) username gets a numeric suffix.
 */
export function proposeUsername(accountNumber: string, taken: (candidate: string) => boolean): string {
  const base = accountNumber
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

/** Activating a pending subscription: which one, and a note of what was done (the installation, the CPE). */
export const activationSchema = z.object({
  subscriptionId: z.uuid("Unknown subscription"),
  reason: z.string().trim().min(3, "Say what was done (at least 3 characters)").max(300, "Keep the note under 300 characters"),
});
