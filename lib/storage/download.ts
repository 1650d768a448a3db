import "server-only";
import { can, type Permission } from "@/lib/auth/permissions";
import type { StaffContext } from "@/lib/auth/context";
import { forbidden, notFound } from "@/lib/core/errors";
import type { FilePurpose, StoredFile } from "@/lib/storage/schema";
import { opensInline } from "@/lib/storage/file-types";
import { getStoredFile, readStoredBytes } from "@/lib/storage/service";

/** Who may read a stored file: decided by what it is for. */
export const readPermissionOf: Record<FilePurpose, Permission> = {
  customer_document: "documents:view",
  ticket_attachment: "tickets:view",
  work_log_photo: "tickets:view",
  report_export: "reports:build",
};

/**
 * `inline` or `attachment` with the name twice: an ASCII fallback any browser reads, and the exact
 * UTF-8 name (RFC 6266 / 5987), so quotes, semicolons or line breaks in a name cannot break the header.
 */
export function contentDisposition(filename: string, inline: boolean): string {
  const fallback = filename.replace(/[^A-Za-z0-9 ._()-]/g, "_").slice(0, 150) || "file";
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? "inline" : "attachment"}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function storedFileResponse(file: Pick<StoredFile, "filename" | "contentType">, bytes: Uint8Array, { download = false } = {}): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-length": String(bytes.byteLength),
      "content-disposition": contentDisposition(file.filename, !download && opensInline(file.contentType)),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      "cross-origin-resource-policy": "same-origin",
    },
  });
}

/**
 * A staff member's download: another tenant's, a deleted or an unknown file is a 404; a file they may not
 * read (by its purpose) is a 403; otherwise the bytes with our detected type.
 */
export async function downloadStoredFile(ctx: StaffContext, fileId: string, options: { download?: boolean } = {}): Promise<Response> {
  const file = await getStoredFile(ctx.db, { tenantId: ctx.tenantId, fileId });
  if (!file) throw notFound("File");
  if (!can(ctx.role, readPermissionOf[file.purpose])) throw forbidden();
  const bytes = await readStoredBytes(file);
  if (!bytes) throw notFound("File");
  return storedFileResponse(file, bytes, options);
}
