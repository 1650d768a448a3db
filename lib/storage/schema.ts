import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { users } from "@/lib/auth/schema";
import { customers } from "@/lib/customers/schema";
import { tickets, workLogs } from "@/lib/tickets/schema";
import { customerDocumentKinds } from "@/lib/storage/values";
export { customerDocumentKinds, type CustomerDocumentKind } from "@/lib/storage/values";

/** What a stored file is for: decides who may read it and where it is listed. */
export const filePurposes = ["customer_document", "ticket_attachment", "work_log_photo", "report_export"] as const;
export type FilePurpose = (typeof filePurposes)[number];

/**
 * Every uploaded file: the bytes live in the storage driver (local disk or S3-compatible) under
 * `storageKey` (always prefixed with the tenant id); this row is the only way to reach them.
 */
export const storedFiles = pgTable(
  "stored_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: filePurposes }).notNull(),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    ticketId: uuid("ticket_id").references(() => tickets.id, { onDelete: "cascade" }),
    ticketMessageId: uuid("ticket_message_id"),
    workLogId: uuid("work_log_id").references(() => workLogs.id, { onDelete: "cascade" }),
    documentKind: text("document_kind", { enum: customerDocumentKinds }),
    storageKey: text("storage_key").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /** Offline uploads (work-log photos) carry the phone's id so a replay stores one file. */
    clientId: uuid("client_id"),
    uploadedByUserId: text("uploaded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Uploaded by the subscriber through the portal. */
    uploadedByCustomer: uuid("uploaded_by_customer"),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("stored_files_storage_key_idx").on(t.storageKey),
    uniqueIndex("stored_files_tenant_client_idx").on(t.tenantId, t.clientId),
    index("stored_files_customer_idx").on(t.tenantId, t.customerId, t.createdAt),
    index("stored_files_ticket_idx").on(t.ticketId),
    index("stored_files_work_log_idx").on(t.workLogId),
  ],
);

export type StoredFile = typeof storedFiles.$inferSelect;
