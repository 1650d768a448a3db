"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { listCustomers } from "@/lib/customers/list";

/** The command palette's customer lookup: the same query as the customers list, first 8 matches. */
export const quickSearchCustomers = defineStaffAction({
  name: "quickSearchCustomers",
  permission: "customers:view",
  // A search: open while the ISP's NetSphere account is read-only.
  changesData: false,
  input: z.object({ search: z.string().trim().min(2).max(100) }),
  run: async (ctx, { search }) => {
    const { rows } = await listCustomers(ctx.db, { tenantId: ctx.tenantId, search, pageSize: 25, sort: "name", dir: "asc" });
    return rows.slice(0, 8).map((r) => ({ id: r.id, name: r.name, accountNumber: r.accountNumber, city: r.city, status: r.status }));
  },
});
