import "server-only";
import { AppError } from "@/lib/core/errors";
import { formatBytes } from "@/lib/storage/file-types";
import { fileError, uploadLimitBytes } from "@/lib/storage/service";

/** Room for the multipart boundaries and the small text fields sent with a file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

const tooLarge = (limit: number) => fileError(`The file is larger than ${formatBytes(limit)}; files up to ${formatBytes(limit)} can be uploaded.`);

/** The request body, read up to `cap` bytes: a body that declares or turns out to be larger is refused unread. */
async function readCapped(request: Request, cap: number, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > cap) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export type UploadForm = {
  /** The uploaded file's name, browser type and bytes: what `storeFile` takes. */
  file: { name: string; type: string; bytes: Uint8Array };
  /** The other text fields of the form. */
  fields: Record<string, string>;
};

/**
 * A `multipart/form-data` upload with one file in `fileField`, for route handlers. The body is never
 * read past the upload limit plus form overhead; a missing file is a field error on `file`.
 */
export async function readUploadForm(request: Request, { fileField = "file" }: { fileField?: string } = {}): Promise<UploadForm> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("validation", "Send the file as multipart/form-data.");
  }
  const limit = uploadLimitBytes();
  const body = await readCapped(request, limit + FORM_OVERHEAD_BYTES, limit);
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("validation", "The upload was cut short or is not a valid form; try again.");
  }
  const file = form.get(fileField);
  if (!(file instanceof File)) throw fileError("Choose a file to upload.");
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string") fields[name] = value.replaceAll("\u0000", "");
  return { file: { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }, fields };
}
