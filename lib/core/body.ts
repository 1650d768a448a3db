import { AppError } from "@/lib/core/errors";

/**
 * Request bodies read with a ceiling. `request.formData()`, `.json()` and `.text()` read the whole body into
 * memory whatever its size, and a chunked body carries no Content-Length to refuse early; these read the
 * stream chunk by chunk and stop at the limit, so an oversized body costs at most `maxBytes` of memory.
 */

/** Small JSON bodies: a work-log entry, a diagnostic command. */
export const JSON_BODY_MAX_BYTES = 1024 * 1024;
/** A payment gateway's event: a few kilobytes in practice. */
export const WEBHOOK_BODY_MAX_BYTES = 512 * 1024;
/** A plain HTML form with a few short fields (the pay page's buttons). */
export const FORM_BODY_MAX_BYTES = 16 * 1024;
/** Room for the multipart boundaries, part headers and short text fields sent along with files. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const megabytes = (bytes: number) => `${Math.max(1, Math.round(bytes / (1024 * 1024)))} MB`;

/** The 413 every limited reader throws; `message` lets a caller speak of files rather than bytes. */
export function bodyTooLarge(maxBytes: number, message?: string, fieldErrors?: Record<string, string[]>): AppError {
  return new AppError("too_large", message ?? `The request is larger than ${megabytes(maxBytes)}; send less at once.`, { fieldErrors });
}

type LimitOptions = { tooLarge?: () => AppError };

/** The body's bytes, never more than `maxBytes`: refused before reading when Content-Length says more, and as soon as the stream passes it. */
export async function readBodyLimited(request: Request, maxBytes: number, { tooLarge }: LimitOptions = {}): Promise<Uint8Array> {
  const refuse = () => tooLarge?.() ?? bodyTooLarge(maxBytes);
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw refuse();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      throw new AppError("bad_request", "The request was cut short; try again.");
    }
    if (step.done) break;
    total += step.value.byteLength;
    if (total > maxBytes) {
      // Stop the upload here: the rest of the body is never pulled into memory.
      await reader.cancel().catch(() => undefined);
      throw refuse();
    }
    chunks.push(step.value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The body as UTF-8 text (a webhook's raw payload, byte for byte), within `maxBytes`. */
export async function readTextLimited(request: Request, maxBytes: number, options: LimitOptions = {}): Promise<string> {
  return new TextDecoder().decode(await readBodyLimited(request, maxBytes, options));
}

/** The body parsed as JSON within `maxBytes`; `null` when it is not JSON, so the caller's schema says what is wrong. */
export async function readJsonLimited(request: Request, maxBytes = JSON_BODY_MAX_BYTES): Promise<unknown> {
  const text = await readTextLimited(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const formTypes = ["multipart/form-data", "application/x-www-form-urlencoded"];

/**
 * A form body (multipart or URL-encoded) within `maxBytes`. Another content type is a 415 and a
 * malformed form a 400, both as the JSON error body, never a server error.
 */
export async function readFormLimited(request: Request, maxBytes: number, options: LimitOptions = {}): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!formTypes.some((type) => contentType.toLowerCase().startsWith(type))) {
    throw new AppError("unsupported_media_type", "Send the form as multipart/form-data.");
  }
  const body = await readBodyLimited(request, maxBytes, options);
  try {
    return await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("bad_request", "The form was cut short or is not a valid form; try again.");
  }
}
