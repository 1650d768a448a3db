import { staffAccent, staffAccentCss } from "@/lib/tenants/brand-accent";

/**
 * The ISP's brand colour as the staff pages' accent, in the themes where it keeps AA contrast (lib/tenants/brand-accent.ts).
 * A style element rather than a style attribute: the accent differs by theme, and the sheets and dialogs outside the
 * shell take it too. The colour is a checked #rrggbb, so nothing else reaches the CSS.
 */
export function BrandAccentStyle({ brandColor }: { brandColor: string | null }) {
  const css = staffAccentCss(staffAccent(brandColor));
  return css ? <style data-brand-accent="">{css}</style> : null;
}
