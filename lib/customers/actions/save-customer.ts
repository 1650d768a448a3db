"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { typedCustomerFieldsSchema } from "@/lib/customers/rules";
import { subscriptionFieldsSchema } from "@/lib/subscriptions/rules";
import { addSubscriptionToCustomer, createCustomer, updateCustomer } from "@/lib/customers/service";
import { requestReconcile } from "@/lib/provisioning/trigger";

export const createCustomerAction = defineStaffAction({
  name: "createCustomer",
  permission: "customers:write",
  input: z.object({ customer: typedCustomerFieldsSchema, subscription: subscriptionFieldsSchema.optional() }),
  revalidate: ["/customers", "/dashboard"],
  run: async (ctx, { customer, subscription }) => {
    const created = await createCustomer(ctx.db, actorOf(ctx), { fields: customer, subscription });
    if (subscription?.routerId) requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: subscription.routerId, trigger: "change" });
    return { id: created.id, accountNumber: created.accountNumber };
  },
});

export const updateCustomerAction = defineStaffAction({
  name: "updateCustomer",
  permission: "customers:write",
  input: z.object({ customerId: z.string().uuid(), customer: typedCustomerFieldsSchema }),
  revalidate: ["/customers"],
  run: async (ctx, { customerId, customer }) => {
    await updateCustomer(ctx.db, actorOf(ctx), { customerId, fields: customer });
    return { id: customerId };
  },
});

export const addSubscriptionAction = defineStaffAction({
  name: "addSubscription",
  permission: "subscriptions:write",
  input: z.object({ customerId: z.string().uuid(), subscription: subscriptionFieldsSchema }),
  revalidate: ["/customers"],
  run: async (ctx, { customerId, subscription }) => {
    const sub = await addSubscriptionToCustomer(ctx.db, actorOf(ctx), { customerId, input: subscription });
    if (sub.routerId) requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: sub.routerId, trigger: "change" });
    return { id: sub.id, username: sub.username };
  },
});
