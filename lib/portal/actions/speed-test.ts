"use server";
import { definePortalAction } from "@/lib/portal/action";
import { recordSpeedTest } from "@/lib/portal/speed-tests";
import { speedTestResultSchema } from "@/lib/portal/rules";

export const saveSpeedTestAction = definePortalAction({
  name: "saveSpeedTest",
  input: speedTestResultSchema,
  revalidate: ["/portal/speed-test"],
  run: async (ctx, result) => {
    const row = await recordSpeedTest(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, userAgent: ctx.userAgent }, result);
    return { id: row.id };
  },
});
