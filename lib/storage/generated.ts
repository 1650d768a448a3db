/*
 * Files NetSphere makes itself (a scheduled report's CSV or XLSX), kept like uploads: bytes under the tenant's key,
 * a row that is the only way to reach them, read back through `readStoredFile` or GET /api/files/<id> with the
 * purpose's permission. Not sniffed like an upload: we wrote the bytes, and CSV has no signature to check.
 */
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { AppError } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import { logger } from "@/lib/core/logger";
import type { DbOrTx } from "@/lib/db/types";
import { storedFiles, type StoredFile } from "@/lib/storage/schema";
import { storageDriver } from "@/lib/storage/drivers";
import { storageKeyFor } from "@/lib/storage/service";

export type GeneratedFile = { tenantId: string; purpose: "report_export"; filename: string; contentType: string; bytes: Uint8Array; userId?: string | null };

export async function storeGeneratedFile(db: DbOrTx, file: GeneratedFile): Promise<StoredFile> {
  const id = randomUUID();
  const key = storageKeyFor({ tenantId: file.tenantId, purpose: file.purpose, id, at: clock.now() });
  try {
    await storageDriver().put(key, file.bytes, file.contentType);
  } catch (error) {
    logger.error({ err: error, storageKey: key }, "generated file bytes could not be written");
    throw new AppError("internal", "The file could not be saved.");
  }
  try {
    const [row] = await db
      .insert(storedFiles)
      .values({
        id,
        tenantId: file.tenantId,
        purpose: file.purpose,
        storageKey: key,
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.bytes.byteLength,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
        uploadedByUserId: file.userId ?? null,
      })
      .returning();
    return row;
  } catch (error) {
    await storageDriver()
      .delete(key)
      .catch((err: unknown) => logger.error({ err, storageKey: key }, "generated file bytes could not be removed; the object is orphaned"));
    throw error;
  }
}
