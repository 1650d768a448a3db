"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { apiKeyFormSchema } from "@/lib/api/rules";
import { createApiKey, revokeApiKey } from "@/lib/api/keys";
import { timeZoneOrDefault } from "@/lib/core/time-zones";

/** Creates an API key; its value is in this answer only, never again. */
export const createApiKeyAction = defineStaffAction({
  name: "api.createKey",
  permission: "integrations:manage",
  input: apiKeyFormSchema,
  revalidate: ["/settings/api-keys"],
  run: async (ctx, input) => {
    const { key, apiKey } = await createApiKey(ctx.db, { ...actorOf(ctx), timeZone: timeZoneOrDefault(ctx.timeZone) }, input);
    return { key, name: apiKey.name, prefix: apiKey.prefix };
  },
});

/** Revokes a key at once. */
export const revokeApiKeyAction = defineStaffAction({
  name: "api.revokeKey",
  permission: "integrations:manage",
  input: z.object({ apiKeyId: z.uuid("Unknown API key") }),
  revalidate: ["/settings/api-keys"],
  run: async (ctx, input) => {
    const revoked = await revokeApiKey(ctx.db, actorOf(ctx), input);
    return { name: revoked.name };
  },
});
