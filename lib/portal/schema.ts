import { doublePrecision, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { customers } from "@/lib/customers/schema";
import { ts, tenantRef } from "@/lib/db/columns";

const customerRef = () =>
  uuid("customer_id")
    .notNull()
    .references(() => customers.id, { onDelete: "cascade" });

/** A subscriber's portal sign-in: one per customer, separate from staff users. */
export const portalAccounts = pgTable("portal_accounts", {
  customerId: uuid("customer_id")
    .primaryKey()
    .references(() => customers.id, { onDelete: "cascade" }),
  tenantId: tenantRef(),
  passwordHash: text("password_hash"),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  lockedUntil: ts("locked_until"),
  lastSignInAt: ts("last_sign_in_at"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Portal sessions: the cookie holds a random token, the table only its SHA-256. */
export const portalSessions = pgTable(
  "portal_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: customerRef(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    userAgent: text("user_agent").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("portal_sessions_token_idx").on(t.tokenHash), index("portal_sessions_customer_idx").on(t.customerId)],
);

/** One-time links: password reset, magic sign-in link, first-time set-up invitation. */
export const portalTokens = pgTable(
  "portal_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: customerRef(),
    kind: text("kind", { enum: ["reset", "magic_link", "invite"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("portal_tokens_token_idx").on(t.tokenHash)],
);

/** Browser speed tests against our own endpoints; support sees them on the customer page. */
export const speedTests = pgTable(
  "speed_tests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: customerRef(),
    downloadKbps: integer("download_kbps").notNull(),
    uploadKbps: integer("upload_kbps").notNull(),
    latencyMs: doublePrecision("latency_ms").notNull(),
    jitterMs: doublePrecision("jitter_ms").notNull(),
    userAgent: text("user_agent").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("speed_tests_customer_idx").on(t.tenantId, t.customerId, t.createdAt)],
);
