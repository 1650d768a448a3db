"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { deliveryRefSchema, endpointEnabledSchema, endpointFieldsSchema, endpointRefSchema } from "@/lib/webhooks/forms";
import { sendDeliveryNow } from "@/lib/webhooks/deliver";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, sendTestEvent, setEndpointEnabled, updateEndpoint } from "@/lib/webhooks/service";

const revalidate = ["/settings/webhooks"];

/** Adds an endpoint (its secret comes back once, to show) or saves an edited one (no secret). */
export const saveWebhookEndpointAction = defineStaffAction({
  name: "saveWebhookEndpoint",
  permission: "integrations:manage",
  input: endpointFieldsSchema,
  revalidate,
  run: async (ctx, { endpointId, ...fields }) => {
    if (endpointId) {
      const saved = await updateEndpoint(ctx.db, actorOf(ctx), { endpointId, ...fields });
      return { ...saved, secret: null };
    }
    return createEndpoint(ctx.db, actorOf(ctx), fields);
  },
});

export const setWebhookEndpointEnabledAction = defineStaffAction({
  name: "setWebhookEndpointEnabled",
  permission: "integrations:manage",
  input: endpointEnabledSchema,
  revalidate,
  run: async (ctx, input) => setEndpointEnabled(ctx.db, actorOf(ctx), input),
});

/** A new signing secret, shown once; the old one keeps signing beside it for 24 hours. */
export const rotateWebhookSecretAction = defineStaffAction({
  name: "rotateWebhookSecret",
  permission: "integrations:manage",
  input: endpointRefSchema,
  revalidate,
  run: async (ctx, input) => {
    const { secret, previousExpiresAt } = await rotateEndpointSecret(ctx.db, actorOf(ctx), input);
    return { secret, previousExpiresAt: previousExpiresAt.toISOString() };
  },
});

export const deleteWebhookEndpointAction = defineStaffAction({
  name: "deleteWebhookEndpoint",
  permission: "integrations:manage",
  input: endpointRefSchema,
  revalidate,
  run: async (ctx, input) => deleteEndpoint(ctx.db, actorOf(ctx), input),
});

/** Posts a `webhook.test` event to the endpoint now and says how it went. */
export const sendWebhookTestAction = defineStaffAction({
  name: "sendWebhookTest",
  permission: "integrations:manage",
  input: endpointRefSchema,
  revalidate,
  run: async (ctx, input) => sendTestEvent(ctx.db, actorOf(ctx), input),
});

/** A new attempt of one delivery now, also of a failed one. */
export const resendWebhookDeliveryAction = defineStaffAction({
  name: "resendWebhookDelivery",
  permission: "integrations:manage",
  input: deliveryRefSchema,
  revalidate,
  run: async (ctx, input) => sendDeliveryNow(ctx.db, { tenantId: ctx.tenantId, deliveryId: input.deliveryId }),
});
