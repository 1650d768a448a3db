"use server";
import { z } from "zod";
import { definePlatformAction } from "@/lib/core/server-action";
import { operatorChangePlan, setTenantStatus } from "@/lib/tenants/platform";
import { netsphereCycles } from "@/lib/tenants/values";
import { recordPlatformPayment } from "@/lib/tenants/platform-accounts";
import { ensurePlatformTenant, platformHandle, setNetsphereBankDetails } from "@/lib/tenants/platform-tenant";
import { bankDetailsSchema, netspherePaymentSchema } from "@/lib/tenants/forms";
import { saveGatewaySettings } from "@/lib/payments/gateways";
import { gatewaySettingsSchema } from "@/lib/payments/rules";
import { registerPaymongoWebhook } from "@/lib/payments/paymongo";

export const operatorChangePlanAction = definePlatformAction({
  name: "operatorChangePlan",
  input: z.object({ tenantId: z.string().uuid(), saasPlanId: z.string().min(1).max(40), cycle: z.enum(netsphereCycles).optional() }),
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

/** A payment an ISP made to NetSphere outside the online checkout (a bank transfer), recorded by the operator. */
export const recordNetspherePaymentAction = definePlatformAction({
  name: "recordNetspherePayment",
  input: netspherePaymentSchema,
  run: async (ctx, input) => {
    const result = await recordPlatformPayment(ctx.db, { userId: ctx.userId, userName: ctx.userName, operator: true }, {
      tenantId: input.tenantId,
      amountCentavos: input.amount,
      method: input.method,
      reference: input.reference,
      receivedOn: input.receivedAt || undefined,
      idempotencyKey: input.idempotencyKey,
    });
    return { receiptNumber: result.receiptNumber, created: result.created, creditCentavos: result.creditCentavos };
  },
});

export const saveNetsphereBankDetailsAction = definePlatformAction({
  name: "saveNetsphereBankDetails",
  input: bankDetailsSchema,
  run: async (ctx, input) => {
    await setNetsphereBankDetails(ctx.db, ctx, input);
    return { saved: true };
  },
});

/** The gateways ISPs pay NetSphere through: the platform tenant's own, the same settings an ISP keeps for its subscribers. */
export const savePlatformGatewayAction = definePlatformAction({
  name: "savePlatformGateway",
  input: gatewaySettingsSchema,
  run: async (ctx, input) => {
    const platformId = await ensurePlatformTenant(ctx.db);
    await saveGatewaySettings(await platformHandle(ctx.db, platformId), { tenantId: platformId, userId: ctx.userId, userName: `${ctx.userName} (NetSphere operator)` }, input);
    return { saved: true };
  },
});

export const registerPlatformWebhookAction = definePlatformAction({
  name: "registerPlatformWebhook",
  input: z.object({ provider: z.literal("paymongo") }),
  run: async (ctx) => {
    const platformId = await ensurePlatformTenant(ctx.db);
    return registerPaymongoWebhook(await platformHandle(ctx.db, platformId), {
      tenantId: platformId,
      userId: ctx.userId,
      userName: `${ctx.userName} (NetSphere operator)`,
    });
  },
});
