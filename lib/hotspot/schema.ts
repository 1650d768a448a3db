import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { routers } from "@/lib/routers/schema";
import { servicePlans } from "@/lib/plans/schema";
import { users } from "@/lib/auth/schema";

/** A printed batch of prepaid hotspot codes for one router and one hotspot plan (the plan gives the profile). */
export const voucherBatches = pgTable(
  "voucher_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    planId: uuid("plan_id")
      .notNull()
      .references(() => servicePlans.id),
    name: text("name").notNull(),
    count: integer("count").notNull(),
    priceCentavos: bigint("price_centavos", { mode: "number" }).notNull(),
    /** Hotspot `limit-uptime` for each code, in seconds. */
    validitySeconds: integer("validity_seconds").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("voucher_batches_tenant_idx").on(t.tenantId, t.createdAt)],
);

export const voucherStatuses = ["unused", "active", "used", "disabled"] as const;

/** One code; the reconciler keeps each non-disabled voucher as a hotspot user on its router. */
export const vouchers = pgTable(
  "vouchers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => voucherBatches.id, { onDelete: "cascade" }),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    status: text("status", { enum: voucherStatuses }).notNull().default("unused"),
    firstUsedAt: timestamp("first_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("vouchers_tenant_code_idx").on(t.tenantId, t.code),
    index("vouchers_batch_idx").on(t.batchId),
    index("vouchers_router_idx").on(t.routerId),
  ],
);
