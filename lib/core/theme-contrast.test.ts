import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { relativeLuminance } from "@/lib/core/contrast";

// The command palette's and the Columns menu's highlighted row: primary background, primary-foreground text.
const css = readFileSync(join(process.cwd(), "app/globals.css"), "utf8");

function tokens(selector: string) {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
}

const ratio = (a: string, b: string) => {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe.each([
  ["light", ":root"],
  ["dark", ".dark"],
])("highlighted menu row in the %s theme", (_, selector) => {
  const t = tokens(selector);

  it("stands out from the card it sits on by at least 3:1", () => {
    expect(ratio(t.primary, t.card)).toBeGreaterThanOrEqual(3);
  });

  it("keeps its text readable at 4.5:1", () => {
    expect(ratio(t["primary-foreground"], t.primary)).toBeGreaterThanOrEqual(4.5);
  });
});
