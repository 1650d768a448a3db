/** The ISP's brand colour on portal pages and a text colour that reads on it (pure; used by the browser too). */
import { contrastWithWhite } from "@/lib/core/contrast";

const FALLBACK_BRAND = "#0f766e";

/** WCAG contrast of the colour against the text put on it: white and black contrasts multiply to 21. */
export const textContrast = (background: string, foreground: "#ffffff" | "#000000") =>
  foreground === "#ffffff" ? contrastWithWhite(background) : 21 / contrastWithWhite(background);

/**
 * The brand colour to paint and the text colour to put on it: white or black, whichever contrasts more.
 * One of the two always reaches at least √21 ≈ 4.58:1, so text on the brand band passes WCAG AA.
 */
export function brandColors(brandColor: string | null | undefined): { background: string; foreground: "#ffffff" | "#000000" } {
  const background = brandColor && /^#[0-9a-fA-F]{6}$/.test(brandColor) ? brandColor.toLowerCase() : FALLBACK_BRAND;
  return { background, foreground: contrastWithWhite(background) >= Math.sqrt(21) ? "#ffffff" : "#000000" };
}
