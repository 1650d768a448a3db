"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { assertCustomersOfTenant } from "@/lib/customers/service";
import { assertSubscriptionsOfTenant } from "@/lib/subscriptions/service";
import { reactivateSubscriptions, subscriptionsOfCustomers, suspendSubscriptions } from "@/lib/provisioning/suspension";

const reason = z.string().trim().min(3, "Give a reason (at least 3 characters)").max(300, "Keep the reason under 300 characters");
const target = z
  .object({
    subscriptionIds: z.array(z.uuid("Unknown subscription")).max(5000, "At most 5,000 at a time").default([]),
    customerIds: z.array(z.uuid("Unknown customer")).max(1000, "Select at most 1,000 customers").default([]),
    reason,
    /** Bulk changes repeat the count the user confirmed, so a stale selection can't suspend more than they saw. */
    confirmCount: z.number().int().min(1).optional(),
  })
  .refine((v) => v.subscriptionIds.length + v.customerIds.length > 0, { message: "Select at least one subscriber", path: ["subscriptionIds"] });

async function targets(ctx: { db: Parameters<typeof subscriptionsOfCustomers>[0]; tenantId: string }, input: z.output<typeof target>) {
  // Every selected id must be ours: a foreign one refuses the whole change rather than being skipped quietly.
  await assertSubscriptionsOfTenant(ctx.db, ctx.tenantId, input.subscriptionIds, "subscriptionIds");
  await assertCustomersOfTenant(ctx.db, ctx.tenantId, input.customerIds, "customerIds");
  const ids = [...new Set([...input.subscriptionIds, ...(await subscriptionsOfCustomers(ctx.db, ctx.tenantId, [...new Set(input.customerIds)]))])];
  const selected = input.customerIds.length > 0 ? new Set(input.customerIds).size : ids.length;
  if (input.confirmCount !== undefined && input.confirmCount !== selected)
    throw new AppError("validation", `You confirmed ${input.confirmCount} but ${selected} are selected; confirm again.`);
  return ids;
}

export const suspendServiceAction = defineStaffAction({
  name: "subscriptions.suspend",
  permission: "subscriptions:suspend",
  input: target,
  revalidate: ["/customers", "/routers"],
  run: async (ctx, input) => suspendSubscriptions(ctx.db, actorOf(ctx), { subscriptionIds: await targets(ctx, input), reason: input.reason }),
});

export const reactivateServiceAction = defineStaffAction({
  name: "subscriptions.reactivate",
  permission: "subscriptions:suspend",
  input: target,
  revalidate: ["/customers", "/routers"],
  run: async (ctx, input) => reactivateSubscriptions(ctx.db, actorOf(ctx), { subscriptionIds: await targets(ctx, input), reason: input.reason }),
});
