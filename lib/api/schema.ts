/*
 * API keys for the public REST API (/api/v1) and the answers kept for Idempotency-Key replays. A key is shown once;
 * only its SHA-256 is stored, with the first characters kept to tell keys apart.
 */
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "@/lib/auth/schema";
import { ts, tenantRef } from "@/lib/db/columns";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    name: text("name").notNull(),
    /** `nsk_live_` and the key's next 8 characters: enough to recognise it, not to use it. */
    prefix: text("prefix").notNull(),
    /** SHA-256 (hex) of the whole key. */
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    /** Addresses or CIDR ranges the key may be used from; empty means anywhere. */
    allowedIps: text("allowed_ips").array().notNull().default(sql`'{}'::text[]`),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(120),
    expiresAt: ts("expires_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastUsedAt: ts("last_used_at"),
    lastUsedIp: text("last_used_ip"),
    revokedAt: ts("revoked_at"),
    revokedBy: text("revoked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("api_keys_hash_idx").on(t.keyHash), index("api_keys_tenant_idx").on(t.tenantId, t.createdAt)],
);

/**
 * The first answer to a POST with an Idempotency-Key, replayed for the same key and body for 24 hours. A row with
 * no status yet is a request still being answered: a concurrent retry is told so (409) rather than run twice.
 */
export const apiIdempotency = pgTable(
  "api_idempotency",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    /** SHA-256 of the request body: the same key with another body is refused (422). */
    requestHash: text("request_hash").notNull(),
    status: integer("status"),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    responseBody: text("response_body"),
    createdAt: ts("created_at").notNull().defaultNow(),
    completedAt: ts("completed_at"),
  },
  (t) => [
    uniqueIndex("api_idempotency_key_idx").on(t.apiKeyId, t.idempotencyKey),
    index("api_idempotency_created_idx").on(t.createdAt),
  ],
);
