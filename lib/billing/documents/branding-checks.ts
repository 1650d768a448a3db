/*
 * What the invoice template form checks, without zod: the schema in template-rules.ts runs these on both sides,
 * and the form's live preview uses them to show only what would be saved. A PNG or JPEG logo of at most 200 KB
 * as a data URL, a brand colour dark enough to print as text on white paper (WCAG contrast of at least 3:1, the
 * large-text level, since it colours titles and rules), and notes and a footer of at most 1,000 characters each.
 */
import { contrastWithWhite } from "@/lib/core/contrast";

export const LOGO_MAX_BYTES = 200 * 1024;
export const MIN_BRAND_CONTRAST = 3;
export const TEMPLATE_TEXT_MAX = 1000;

/** What is wrong with a brand colour, or null. */
export function brandColorProblem(value: string): string | null {
  if (!/^#[0-9a-fA-F]{6}$/.test(value)) return "Enter a colour as # and six hex digits, like #0f766e";
  const ratio = contrastWithWhite(value);
  if (ratio < MIN_BRAND_CONTRAST) {
    return `This colour is too light to read on white paper (contrast ${(Math.floor(ratio * 10) / 10).toFixed(1)}:1; it needs at least 3:1). Choose a darker shade.`;
  }
  return null;
}

const dataUrlPattern = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/i;
const kb = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString("en-PH")} KB`;
export const logoTooLarge = (bytes: number) => `The logo is ${kb(bytes)}; use an image of at most 200 KB.`;

/** Decoded size of a base64 payload. */
const base64Bytes = (payload: string) => Math.floor((payload.length * 3) / 4) - (payload.endsWith("==") ? 2 : payload.endsWith("=") ? 1 : 0);

function startsWith(payload: string, signature: number[]): boolean {
  try {
    const head = atob(payload.slice(0, 12));
    return signature.every((byte, i) => head.charCodeAt(i) === byte);
  } catch {
    return false;
  }
}

/** What is wrong with a logo data URL, or null: the type it claims, its size, and whether its bytes agree. */
export function logoProblem(dataUrl: string): string | null {
  const match = dataUrl.match(dataUrlPattern);
  if (!match) return "Upload the logo as a PNG or JPEG image.";
  const [, mime, payload] = match;
  const type = mime.toLowerCase();
  if (type !== "image/png" && type !== "image/jpeg") return `Use a PNG or JPEG image; this file is ${type.replace(/^image\//, "").toUpperCase()}.`;
  const bytes = base64Bytes(payload);
  if (bytes > LOGO_MAX_BYTES) return logoTooLarge(bytes);
  const real = type === "image/png" ? startsWith(payload, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) : startsWith(payload, [0xff, 0xd8, 0xff]);
  if (!real) return `This file is not a real ${type === "image/png" ? "PNG" : "JPEG"} image. Save it again as PNG or JPEG.`;
  return null;
}
