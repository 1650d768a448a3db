"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { tagSchema } from "@/lib/customers/rules";
import { assertCustomersOfTenant, addTagToCustomers } from "@/lib/customers/service";

const input = z.object({
  customerIds: z.array(z.uuid("Unknown customer")).min(1, "Select at least one customer").max(1000, "Select at most 1,000 customers"),
  tag: tagSchema,
});

/** Adds one tag to up to 1,000 of the tenant's customers (those that already have it are left alone). */
export const bulkAddCustomerTag = defineStaffAction({
  name: "customers.bulkAddTag",
  permission: "customers:bulk",
  input,
  revalidate: ["/customers"],
  run: async (ctx, { customerIds, tag }) => {
    // Every selected id must be ours: a foreign one refuses the whole change rather than being skipped quietly.
    await assertCustomersOfTenant(ctx.db, ctx.tenantId, customerIds, "customerIds");
    return addTagToCustomers(
      ctx.db,
      { tenantId: ctx.tenantId, userId: ctx.userId, userName: ctx.userName, ipAddress: ctx.ipAddress },
      { customerIds: [...new Set(customerIds)], tag },
    );
  },
});
