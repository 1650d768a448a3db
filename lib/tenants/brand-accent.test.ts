import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contrastRatio } from "@/lib/core/contrast";
import { staffAccent, staffAccentCss, themes } from "./brand-accent";

describe("the ISP's colour as the staff app's accent", () => {
  it.each([
    // [colour, light theme takes it, dark theme takes it]
    ["#0f766e", true, false], // teal: dark on navy
    ["#1d4ed8", true, false],
    ["#b91c1c", true, false],
    ["#fbbf24", false, true], // amber: too light on white
    ["#5eead4", false, true],
    ["#7c7c7c", false, false], // mid grey: neither
    ["#ffffff", false, true], // white links on navy read; white buttons get black text
  ])("%s: light %s, dark %s", (color, light, dark) => {
    const accent = staffAccent(color);
    expect(accent.light.usable).toBe(light);
    expect(accent.dark.usable).toBe(dark);
    // Whatever is used keeps 4.5:1 against every surface of its theme, and its button text too.
    for (const theme of ["light", "dark"] as const) {
      if (!accent[theme].usable) continue;
      for (const surface of Object.values(themes[theme].surfaces)) expect(contrastRatio(color, surface)).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrastRatio(color, accent.foreground)).toBeGreaterThanOrEqual(4.5);
  });

  it("writes the accent only for the themes that take it, and nothing for a colour that is not #rrggbb", () => {
    expect(staffAccentCss(staffAccent("#0F766E"))).toBe("html:not(.dark){--primary:#0f766e;--primary-foreground:#ffffff;--ring:#0f766e;}");
    expect(staffAccentCss(staffAccent("#fbbf24"))).toBe("html.dark{--primary:#fbbf24;--primary-foreground:#000000;--ring:#fbbf24;}");
    expect(staffAccentCss(staffAccent("#7c7c7c"))).toBeNull();
    expect(staffAccentCss(staffAccent("red;}body{display:none"))).toBeNull();
    expect(staffAccentCss(staffAccent(null))).toBeNull();
  });

  it("judges against the surfaces app/globals.css really has, and our own accents pass there", () => {
    const css = fs.readFileSync(path.join(import.meta.dirname, "../../app/globals.css"), "utf8");
    const block = (selector: string) => css.slice(css.indexOf(`${selector} {`), css.indexOf("}", css.indexOf(`${selector} {`)));
    const value = (text: string, name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`).exec(text)?.[1];
    for (const [theme, selector] of [
      ["light", ":root"],
      ["dark", ".dark"],
    ] as const) {
      const text = block(selector);
      for (const [name, color] of Object.entries(themes[theme].surfaces)) expect(value(text, name), `${theme} ${name}`).toBe(color);
      expect(value(text, "primary")).toBe(themes[theme].accent);
      expect(staffAccent(themes[theme].accent)[theme].usable).toBe(true);
    }
  });
});
