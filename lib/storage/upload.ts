import "server-only";
import { MULTIPART_OVERHEAD_BYTES, bodyTooLarge, readFormLimited } from "@/lib/core/body";
import { formatBytes } from "@/lib/storage/file-types";
import { fileError, uploadLimitBytes } from "@/lib/storage/service";

export type UploadForm = {
  /** The uploaded file's name, browser type and bytes: what `storeFile` takes. */
  file: { name: string; type: string; bytes: Uint8Array };
  /** The other text fields of the form. */
  fields: Record<string, string>;
};

/** The 413 of an upload over the limit, under the file field so the form shows it there. */
function uploadTooLarge(limit: number) {
  const message = `The file is larger than ${formatBytes(limit)}; files up to ${formatBytes(limit)} can be uploaded.`;
  return bodyTooLarge(limit, message, { file: [message] });
}

/**
 * A `multipart/form-data` upload with one file in `fileField`, for route handlers. The body is never
 * read past the upload limit plus form overhead, with or without a Content-Length; a missing file is a
 * field error on `file`.
 */
export async function readUploadForm(request: Request, { fileField = "file" }: { fileField?: string } = {}): Promise<UploadForm> {
  const limit = uploadLimitBytes();
  const form = await readFormLimited(request, limit + MULTIPART_OVERHEAD_BYTES, { tooLarge: () => uploadTooLarge(limit) });
  const file = form.get(fileField);
  if (!(file instanceof File)) throw fileError("Choose a file to upload.");
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string") fields[name] = value.replaceAll("\u0000", "");
  return { file: { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }, fields };
}
