import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";

/** Every outgoing email; in development and tests this table is the dev mailbox. */
export const sentEmails = pgTable(
  "sent_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    transport: text("transport", { enum: ["dev", "smtp"] }).notNull(),
    status: text("status", { enum: ["stored", "sent", "failed"] }).notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sent_emails_tenant_idx").on(t.tenantId, t.createdAt)],
);

/** Files sent with an email (invoice and receipt PDFs), by reference to the stored document. */
export const sentEmailAttachments = pgTable(
  "sent_email_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    emailId: uuid("email_id")
      .notNull()
      .references(() => sentEmails.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    /** `billing_documents.id`. */
    documentId: uuid("document_id").notNull(),
  },
  (t) => [index("sent_email_attachments_email_idx").on(t.emailId)],
);
