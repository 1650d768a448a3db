import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { users } from "@/lib/auth/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { ticketCategories, ticketPriorities, ticketSources, ticketStatuses, type WeeklyHours } from "@/lib/tickets/values";
import { ts, tenantRef } from "@/lib/db/columns";
export {
  ticketCategories,
  ticketPriorities,
  ticketSources,
  ticketStatuses,
  type TicketCategory,
  type TicketPriority,
  type TicketSource,
  type TicketStatus,
  type WeeklyHours,
} from "@/lib/tickets/values";

/** SLA targets per priority, in business minutes on the tenant's calendar. */
export const slaPolicies = pgTable(
  "sla_policies",
  {
    tenantId: tenantRef(),
    priority: text("priority", { enum: ticketPriorities }).notNull(),
    firstResponseMinutes: integer("first_response_minutes").notNull(),
    resolutionMinutes: integer("resolution_minutes").notNull(),
    /** Warn this many business minutes before a target is missed. */
    warnBeforeMinutes: integer("warn_before_minutes").notNull().default(30),
    /** Urgent outages may run on the clock around the clock instead of business hours. */
    twentyFourSeven: boolean("twenty_four_seven").notNull().default(false),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.priority] })],
);

export const businessCalendars = pgTable("business_calendars", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  weeklyHours: jsonb("weekly_hours").$type<WeeklyHours>().notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const holidays = pgTable(
  "holidays",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    date: date("date").notNull(),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("holidays_tenant_date_idx").on(t.tenantId, t.date)],
);

export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    /** Shown as T-000123; unique per tenant. */
    number: integer("number").notNull(),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    subscriptionId: uuid("subscription_id").references(() => subscriptions.id, { onDelete: "set null" }),
    subject: text("subject").notNull(),
    description: text("description").notNull().default(""),
    category: text("category", { enum: ticketCategories }).notNull(),
    priority: text("priority", { enum: ticketPriorities }).notNull().default("normal"),
    status: text("status", { enum: ticketStatuses }).notNull().default("new"),
    source: text("source", { enum: ticketSources }).notNull().default("staff"),
    assigneeId: text("assignee_id").references(() => users.id, { onDelete: "set null" }),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The day a field visit is planned (technician's "today"), in the tenant's time zone. */
    scheduledFor: date("scheduled_for"),
    /** SLA clock: targets fixed at creation (from the policy of the priority), moved forward by paused time. */
    firstResponseDueAt: ts("first_response_due_at"),
    resolutionDueAt: ts("resolution_due_at"),
    firstRespondedAt: ts("first_responded_at"),
    /** Set while the ticket waits on the customer: the clock is paused from here. */
    pausedAt: ts("paused_at"),
    /** Business minutes spent waiting on the customer so far. */
    pausedMinutes: integer("paused_minutes").notNull().default(0),
    resolvedAt: ts("resolved_at"),
    closedAt: ts("closed_at"),
    reopenCount: integer("reopen_count").notNull().default(0),
    firstResponseBreached: boolean("first_response_breached").notNull().default(false),
    resolutionBreached: boolean("resolution_breached").notNull().default(false),
    /** Keys of SLA warnings/alerts already sent, so the checker notifies once each. */
    slaNotices: text("sla_notices")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tickets_tenant_number_idx").on(t.tenantId, t.number),
    index("tickets_tenant_status_idx").on(t.tenantId, t.status, t.createdAt),
    index("tickets_tenant_assignee_idx").on(t.tenantId, t.assigneeId, t.status),
    index("tickets_customer_idx").on(t.customerId, t.createdAt),
  ],
);

export type Ticket = typeof tickets.$inferSelect;

export const ticketMessageKinds = ["reply", "internal_note", "event"] as const;
export type TicketMessageKind = (typeof ticketMessageKinds)[number];

/** The conversation: public replies (the customer sees them), internal notes and status events. */
export const ticketMessages = pgTable(
  "ticket_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ticketMessageKinds }).notNull(),
    authorType: text("author_type", { enum: ["staff", "customer", "system"] }).notNull(),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    authorName: text("author_name").notNull(),
    body: text("body").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("ticket_messages_ticket_idx").on(t.ticketId, t.createdAt)],
);

export type Material = { item: string; quantity: number; unit?: string };

/**
 * A technician's visit. `clientId` is made on the phone when the entry is written (possibly offline),
 * so a replayed sync stores it once.
 */
export const workLogs = pgTable(
  "work_logs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    technicianId: text("technician_id").references(() => users.id, { onDelete: "set null" }),
    clientId: uuid("client_id").notNull(),
    arrivedAt: ts("arrived_at"),
    departedAt: ts("departed_at"),
    notes: text("notes").notNull().default(""),
    materials: jsonb("materials").$type<Material[]>().notNull().default([]),
    recordedAt: ts("recorded_at").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("work_logs_tenant_client_idx").on(t.tenantId, t.clientId), index("work_logs_ticket_idx").on(t.ticketId, t.recordedAt)],
);

export type WorkLog = typeof workLogs.$inferSelect;
