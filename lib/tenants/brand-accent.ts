/*
 * The ISP's brand colour as the staff app's accent (buttons, links, the focus ring, the active section), per theme:
 * only where it keeps WCAG AA (4.5:1) against every surface the accent sits on in that theme; elsewhere the app's
 * own accent stays. One colour rarely passes both: what reads on a white page is too dark on a navy one. Pure.
 */
import { contrastRatio } from "@/lib/core/contrast";

export const AA = 4.5;

/** The surfaces of each theme (app/globals.css, where a test checks these stay the same) and its own accent. */
export const themes = {
  light: { surfaces: { background: "#f5f8fc", card: "#ffffff", muted: "#e6edf6" }, accent: "#1d5fd6" },
  dark: { surfaces: { background: "#07111f", card: "#0d1b2e", muted: "#14263d" }, accent: "#4a8df8" },
} as const;
export type Theme = keyof typeof themes;

export type ThemeAccent = { usable: boolean; /** The lowest contrast against the theme's surfaces. */ lowest: number };
export type StaffAccent = { color: string | null; foreground: "#ffffff" | "#000000"; light: ThemeAccent; dark: ThemeAccent };

const HEX = /^#[0-9a-f]{6}$/;

export function staffAccent(brandColor: string | null | undefined): StaffAccent {
  const color = brandColor && HEX.test(brandColor.toLowerCase()) ? brandColor.toLowerCase() : null;
  const judge = (theme: Theme): ThemeAccent => {
    if (!color) return { usable: false, lowest: 0 };
    const lowest = Math.min(...Object.values(themes[theme].surfaces).map((surface) => contrastRatio(color, surface)));
    return { usable: lowest >= AA, lowest };
  };
  // Text on the accent (a button's label): white or black, whichever reads better.
  const foreground = color && contrastRatio(color, "#ffffff") >= contrastRatio(color, "#000000") ? "#ffffff" : "#000000";
  return { color, foreground, light: judge("light"), dark: judge("dark") };
}

/**
 * The style rules that put the accent in place for the themes where it is usable (the theme's `--primary`, its text
 * and the focus ring), or null when neither theme takes it. The colour is checked above: nothing else reaches the CSS.
 */
export function staffAccentCss(accent: StaffAccent): string | null {
  if (!accent.color) return null;
  const vars = `--primary:${accent.color};--primary-foreground:${accent.foreground};--ring:${accent.color};`;
  const rules = [accent.light.usable ? `html:not(.dark){${vars}}` : "", accent.dark.usable ? `html.dark{${vars}}` : ""].filter(Boolean);
  return rules.length > 0 ? rules.join("") : null;
}
