import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { routers, sites } from "@/lib/routers/schema";
import { servicePlans } from "@/lib/plans/schema";

/**
 * The queue tree we want on a router (`/queue/tree`): parents per site or plan, leaves per plan.
 * A node without a parent hangs off `parentInterface` ("global" or an interface name).
 */
export const queueTreeNodes = pgTable(
  "queue_tree_nodes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => queueTreeNodes.id, { onDelete: "cascade" }),
    parentInterface: text("parent_interface").notNull().default("global"),
    packetMark: text("packet_mark").notNull().default(""),
    maxLimitBps: bigint("max_limit_bps", { mode: "number" }).notNull().default(0),
    limitAtBps: bigint("limit_at_bps", { mode: "number" }).notNull().default(0),
    priority: integer("priority").notNull().default(8),
    queueType: text("queue_type").notNull().default("default-small"),
    siteId: uuid("site_id").references(() => sites.id, { onDelete: "set null" }),
    planId: uuid("plan_id").references(() => servicePlans.id, { onDelete: "set null" }),
    comment: text("comment").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("queue_tree_nodes_router_name_idx").on(t.routerId, t.name), index("queue_tree_nodes_tenant_idx").on(t.tenantId)],
);
