"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { saveIsolationSettings } from "@/lib/provisioning/settings";
import { isolationSettingsSchema } from "@/lib/provisioning/forms";
import { requestReconcileForTenant } from "@/lib/provisioning/trigger";

/** Saves how suspension works on the routers; every router is reconciled to the new settings. */
export const saveIsolationSettingsAction = defineStaffAction({
  name: "provisioning.saveIsolationSettings",
  permission: "settings:write",
  input: isolationSettingsSchema,
  revalidate: ["/settings"],
  run: async (ctx, input) => {
    await saveIsolationSettings(ctx.db, actorOf(ctx), input);
    await requestReconcileForTenant(ctx.db, { tenantId: ctx.tenantId });
    return { saved: true };
  },
});
