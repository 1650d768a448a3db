"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { customerStatuses } from "@/lib/customers/schema";
import { assertCustomersOfTenant, setCustomersStatus } from "@/lib/customers/service";

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
  run: async (ctx, { customerIds, status }) => {
    // Every selected id must be ours: a foreign one refuses the whole change rather than being skipped quietly.
    await assertCustomersOfTenant(ctx.db, ctx.tenantId, customerIds, "customerIds");
    return setCustomersStatus(
      ctx.db,
      { tenantId: ctx.tenantId, userId: ctx.userId, userName: ctx.userName, ipAddress: ctx.ipAddress },
      { customerIds: [...new Set(customerIds)], status },
    );
  },
});
