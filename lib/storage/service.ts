import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { storedFiles, type CustomerDocumentKind, type FilePurpose, type StoredFile } from "@/lib/storage/schema";
import { customers } from "@/lib/customers/schema";
import { tickets, workLogs } from "@/lib/tickets/schema";
import { users } from "@/lib/auth/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import { isUuid } from "@/lib/core/ids";
import { logger } from "@/lib/core/logger";
import type { DbOrTx } from "@/lib/db/types";
import { checkUpload, storedFilename } from "@/lib/storage/file-types";
import { storageDriver } from "@/lib/storage/drivers";
import { clock } from "@/lib/core/clock";

export type { StoredFile } from "@/lib/storage/schema";

/**
 * Who stores or deletes a file: a staff member (`userId`, `userName`) or a subscriber in the portal
 * (`customerId` without `userId`), always inside one tenant.
 */
export type StorageActor = { tenantId: string; userId?: string | null; userName?: string; customerId?: string; ipAddress?: string | null };

export type StoreFileInput = {
  purpose: FilePurpose;
  customerId?: string;
  ticketId?: string;
  ticketMessageId?: string;
  workLogId?: string;
  documentKind?: CustomerDocumentKind;
  /** Made on the phone for offline uploads: storing the same clientId twice returns the first file. */
  clientId?: string;
  /** Shown instead of the uploaded file's name (the detected type's extension is added). */
  title?: string;
  file: { name: string; type: string; bytes: Uint8Array };
};

/** The largest upload accepted (`UPLOAD_MAX_BYTES`, default 10 MB). */
export const uploadLimitBytes = () => env().UPLOAD_MAX_BYTES;

/** A validation error on the form's file field. */
export const fileError = (message: string) => new AppError("validation", message, { fieldErrors: { file: [message] } });

/** `<tenantId>/<purpose>/<yyyy>/<mm>/<uuid>`: the tenant first, never the user's filename. */
export function storageKeyFor({ tenantId, purpose, id, at }: { tenantId: string; purpose: FilePurpose; id: string; at: Date }) {
  const month = String(at.getUTCMonth() + 1).padStart(2, "0");
  return `${tenantId}/${purpose}/${at.getUTCFullYear()}/${month}/${id}`;
}

const auditActorOf = (actor: StorageActor): AuditActor => ({
  tenantId: actor.tenantId,
  userId: actor.userId ?? null,
  userName: actor.userName ?? (actor.customerId && !actor.userId ? "Customer (portal)" : undefined),
  ipAddress: actor.ipAddress ?? null,
});

async function removeBytes(key: string) {
  try {
    await storageDriver().delete(key);
  } catch (error) {
    logger.error({ err: error, storageKey: key }, "stored file bytes could not be removed; the object is orphaned");
  }
}

/**
 * Checks what the file is attached to belongs to the tenant (and, for a subscriber, to them) and fills in
 * the customer and ticket it concerns, so listings and the audit trail find it.
 */
async function resolveOwners(db: DbOrTx, actor: StorageActor, input: StoreFileInput) {
  const { tenantId } = actor;
  const owners = { customerId: input.customerId ?? null, ticketId: input.ticketId ?? null, workLogId: input.workLogId ?? null };
  if (input.purpose === "work_log_photo") {
    if (!input.workLogId || !isUuid(input.workLogId)) throw notFound("Work log");
    const [log] = await db
      .select({ ticketId: workLogs.ticketId })
      .from(workLogs)
      .where(and(eq(workLogs.tenantId, tenantId), eq(workLogs.id, input.workLogId)));
    if (!log) throw notFound("Work log");
    owners.ticketId = log.ticketId;
  }
  if (input.purpose === "ticket_attachment" || input.purpose === "work_log_photo") {
    if (!owners.ticketId || !isUuid(owners.ticketId)) throw notFound("Ticket");
    const [ticket] = await db
      .select({ customerId: tickets.customerId })
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, owners.ticketId)));
    if (!ticket) throw notFound("Ticket");
    owners.customerId = ticket.customerId;
  }
  if (input.purpose === "customer_document") {
    if (!owners.customerId || !isUuid(owners.customerId)) throw notFound("Customer");
    const [customer] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, owners.customerId)));
    if (!customer) throw notFound("Customer");
  }
  // A subscriber only ever attaches to their own records.
  if (actor.customerId && !actor.userId && owners.customerId !== actor.customerId) throw notFound();
  return owners;
}

async function findByClientId(db: DbOrTx, tenantId: string, clientId: string) {
  const [row] = await db
    .select()
    .from(storedFiles)
    .where(and(eq(storedFiles.tenantId, tenantId), eq(storedFiles.clientId, clientId)));
  return row ?? null;
}

/**
 * Validates (by content, size, name) and stores a file: bytes first, then the row (and, for customer
 * documents, the audit entry) in one transaction. A failed write leaves no row; a failed insert removes the bytes.
 */
export async function storeFile(db: DbOrTx, actor: StorageActor, input: StoreFileInput): Promise<StoredFile> {
  const check = checkUpload(input.file, uploadLimitBytes());
  if (!check.ok) throw fileError(check.message);
  const owners = await resolveOwners(db, actor, input);
  if (input.clientId) {
    if (!isUuid(input.clientId)) throw new AppError("validation", "The upload id is not valid.");
    const existing = await findByClientId(db, actor.tenantId, input.clientId);
    if (existing) return existing;
  }

  const id = randomUUID();
  const key = storageKeyFor({ tenantId: actor.tenantId, purpose: input.purpose, id, at: clock.now() });
  try {
    await storageDriver().put(key, input.file.bytes, check.contentType);
  } catch (error) {
    logger.error({ err: error, storageKey: key }, "stored file bytes could not be written");
    throw new AppError("internal", "The file could not be saved. Nothing was stored; try again in a moment.");
  }

  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(storedFiles)
        .values({
          id,
          tenantId: actor.tenantId,
          purpose: input.purpose,
          ...owners,
          ticketMessageId: input.ticketMessageId ?? null,
          documentKind: input.purpose === "customer_document" ? (input.documentKind ?? "other") : null,
          storageKey: key,
          filename: input.title?.trim() ? storedFilename(input.title, check.type) : check.filename,
          contentType: check.contentType,
          sizeBytes: input.file.bytes.byteLength,
          sha256: createHash("sha256").update(input.file.bytes).digest("hex"),
          clientId: input.clientId ?? null,
          uploadedByUserId: actor.userId ?? null,
          uploadedByCustomer: actor.userId ? null : (actor.customerId ?? null),
        })
        .returning();
      if (row.purpose === "customer_document") {
        await recordAudit(tx, auditActorOf(actor), {
          action: "document.uploaded",
          entityType: "document",
          entityId: row.id,
          customerId: row.customerId,
          after: { filename: row.filename, kind: row.documentKind, sizeBytes: row.sizeBytes, contentType: row.contentType },
        });
      }
      return row;
    });
  } catch (error) {
    await removeBytes(key);
    // Two replays of one offline upload at once: the first one's file stands.
    if (input.clientId && isUniqueViolation(error, "stored_files_tenant_client_idx")) {
      const existing = await findByClientId(db, actor.tenantId, input.clientId);
      if (existing) return existing;
    }
    throw error;
  }
}

async function findLiveFile(db: DbOrTx, { tenantId, fileId }: { tenantId: string; fileId: string }) {
  if (!isUuid(fileId)) return null;
  const [file] = await db
    .select()
    .from(storedFiles)
    .where(and(eq(storedFiles.tenantId, tenantId), eq(storedFiles.id, fileId), isNull(storedFiles.deletedAt)));
  return file ?? null;
}

/** A live file of the tenant with its bytes, or null (unknown, another tenant's, deleted, or bytes gone). */
export async function readStoredFile(db: DbOrTx, { tenantId, fileId }: { tenantId: string; fileId: string }) {
  const file = await findLiveFile(db, { tenantId, fileId });
  if (!file) return null;
  const bytes = await readStoredBytes(file);
  return bytes ? { file, bytes } : null;
}

/** The row of a live file without its bytes (permission checks come before reading them). */
export const getStoredFile = findLiveFile;

/** The bytes of a file row, or null when storage has lost them (logged). */
export async function readStoredBytes(file: Pick<StoredFile, "id" | "storageKey">): Promise<Uint8Array | null> {
  const bytes = await storageDriver().get(file.storageKey);
  if (!bytes) logger.error({ fileId: file.id, storageKey: file.storageKey }, "stored file row has no bytes in storage");
  return bytes;
}

export type FileListItem = Omit<StoredFile, "storageKey" | "sha256"> & { uploaderName: string | null };

export const fileListColumns = {
  id: storedFiles.id,
  tenantId: storedFiles.tenantId,
  purpose: storedFiles.purpose,
  customerId: storedFiles.customerId,
  ticketId: storedFiles.ticketId,
  ticketMessageId: storedFiles.ticketMessageId,
  workLogId: storedFiles.workLogId,
  documentKind: storedFiles.documentKind,
  filename: storedFiles.filename,
  contentType: storedFiles.contentType,
  sizeBytes: storedFiles.sizeBytes,
  clientId: storedFiles.clientId,
  uploadedByUserId: storedFiles.uploadedByUserId,
  uploadedByCustomer: storedFiles.uploadedByCustomer,
  deletedAt: storedFiles.deletedAt,
  createdAt: storedFiles.createdAt,
  uploaderName: sql<string | null>`coalesce(${users.name}, case when ${storedFiles.uploadedByCustomer} is not null then 'Customer' end)`,
};

/**
 * Live files attached to a customer, a ticket or a work log (newest first, at most 200); the storage key
 * and hash stay on the server.
 */
export async function listFiles(
  db: DbOrTx,
  {
    tenantId,
    customerId,
    ticketId,
    workLogId,
    purpose,
  }: { tenantId: string; customerId?: string; ticketId?: string; workLogId?: string; purpose?: FilePurpose },
): Promise<FileListItem[]> {
  const ids = [customerId, ticketId, workLogId].filter((v): v is string => v !== undefined);
  if (ids.length === 0 || ids.some((v) => !isUuid(v))) return [];
  const where: SQL[] = [eq(storedFiles.tenantId, tenantId), isNull(storedFiles.deletedAt)];
  if (customerId) where.push(eq(storedFiles.customerId, customerId));
  if (ticketId) where.push(eq(storedFiles.ticketId, ticketId));
  if (workLogId) where.push(eq(storedFiles.workLogId, workLogId));
  if (purpose) where.push(eq(storedFiles.purpose, purpose));
  return db
    .select(fileListColumns)
    .from(storedFiles)
    .leftJoin(users, eq(users.id, storedFiles.uploadedByUserId))
    .where(and(...where))
    .orderBy(desc(storedFiles.createdAt), desc(storedFiles.id))
    .limit(200);
}

/**
 * Deletes a file: the row is marked deleted and the deletion audited (on the customer's timeline) in one
 * transaction, then the bytes are removed. `purpose` limits which files the caller may delete.
 */
export async function deleteStoredFile(
  db: DbOrTx,
  actor: StorageActor,
  { fileId, purpose }: { fileId: string; purpose?: FilePurpose },
): Promise<StoredFile> {
  const file = await db.transaction(async (tx) => {
    if (!isUuid(fileId)) throw notFound("File");
    const [row] = await tx
      .update(storedFiles)
      .set({ deletedAt: clock.now() })
      .where(
        and(
          eq(storedFiles.tenantId, actor.tenantId),
          eq(storedFiles.id, fileId),
          isNull(storedFiles.deletedAt),
          purpose ? eq(storedFiles.purpose, purpose) : undefined,
        ),
      )
      .returning();
    if (!row) throw notFound("File");
    await recordAudit(tx, auditActorOf(actor), {
      action: "document.deleted",
      entityType: "document",
      entityId: row.id,
      customerId: row.customerId,
      before: { filename: row.filename, kind: row.documentKind, purpose: row.purpose, sizeBytes: row.sizeBytes },
    });
    return row;
  });
  await removeBytes(file.storageKey);
  return file;
}
