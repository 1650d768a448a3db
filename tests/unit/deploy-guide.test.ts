import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * docs/DEPLOY.md is what an ISP's operator follows: it must name every variable NetSphere reads from its environment
 * and every function setting vercel.json makes, so a new variable or setting cannot ship undocumented.
 */
const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const guide = read("docs/DEPLOY.md");

/** The keys of a zod object written one per line as `  NAME: z…` (lib/core/env.ts, lib/jobs/config.ts). */
const schemaKeys = (file: string) => [...read(file).matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
const exampleKeys = [...read(".env.example").matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);

describe("docs/DEPLOY.md", () => {
  it("names every variable of lib/core/env.ts, lib/jobs/config.ts and .env.example", () => {
    const variables = new Set([...schemaKeys("lib/core/env.ts"), ...schemaKeys("lib/jobs/config.ts"), ...exampleKeys]);
    expect(variables.size).toBeGreaterThan(30);
    expect([...variables].filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
  });

  it("lists every function setting of vercel.json in its limits", () => {
    const functions = Object.keys((JSON.parse(read("vercel.json")) as { functions?: Record<string, unknown> }).functions ?? {});
    expect(functions.filter((file) => !guide.includes(`\`${file}\``))).toEqual([]);
  });
});
