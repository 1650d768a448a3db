"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { customerStatuses } from "@/lib/customers/schema";
import { setCustomersStatus } from "@/lib/customers/service";

const input = z.object({
  customerIds: z.array(z.uuid("Unknown customer")).min(1, "Select at least one customer").max(1000, "Select at most 1,000 customers"),
  status: z.enum(customerStatuses, "Choose a status"),
});

/** Changes the status of up to 1,000 of the tenant's customers; each change is audited. */
export const bulkSetCustomerStatus = defineStaffAction({
  name: "customers.bulkSetStatus",
  permission: "customers:bulk",
  input,
  revalidate: ["/customers"],
  run: (ctx, { customerIds, status }) =>
    setCustomersStatus(
      ctx.db,
      { tenantId: ctx.tenantId, userId: ctx.userId, userName: ctx.userName, ipAddress: ctx.ipAddress },
      { customerIds: [...new Set(customerIds)], status },
    ),
});
