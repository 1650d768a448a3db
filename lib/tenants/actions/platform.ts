"use server";
import { z } from "zod";
import { definePlatformAction } from "@/lib/core/server-action";
import { operatorChangePlan, setTenantStatus } from "@/lib/tenants/platform";

export const operatorChangePlanAction = definePlatformAction({
  name: "operatorChangePlan",
  input: z.object({ tenantId: z.string().uuid(), saasPlanId: z.string().min(1).max(40) }),
  run: async (ctx, input) => {
    await operatorChangePlan(ctx.db, ctx, input);
    return input;
  },
});

export const operatorSetTenantStatusAction = definePlatformAction({
  name: "operatorSetTenantStatus",
  input: z.object({ tenantId: z.string().uuid(), status: z.enum(["active", "suspended"]) }),
  run: async (ctx, input) => {
    await setTenantStatus(ctx.db, ctx, input);
    return input;
  },
});
