/*
 * Bounded fuzz over every staff Server Action (found by walking lib/<domain>/actions, as the permissions test
 * does): each field of the action's input schema, in turn, gets each hostile value (NUL, right-to-left
 * override, 100,000 characters, ids and numbers and dates that are not, wrong types) while the other fields
 * keep a plain sample. The action runs as the owner through `executeAction`, the way the form calls it; its
 * outcome must be a result or an AppError (which the wrapper shows as a message), never any other error,
 * which would reach the user as "Something went wrong on our side".
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { executeAction, type ActionDefinition } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";

const root = path.resolve(__dirname, "../..");

function walk(dir: string, match: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, match);
    return match(full) ? [full] : [];
  });
}

const actionFiles = walk(path.join(root, "lib"), (f) => /\/actions\/[^/]+\.ts$/.test(f) && !f.endsWith(".test.ts"));

/** Actions that call an outside service (a payment gateway, a messaging provider); their own tests use loopback fakes. */
const outsideServices = ["notifications.sendTest", "payments.saveGateway", "payments.createCheckout"];

type StaffDefinition = ActionDefinition<z.ZodType, unknown>;

async function staffActions() {
  const found: { name: string; definition: StaffDefinition }[] = [];
  for (const file of actionFiles) {
    for (const value of Object.values((await import(file)) as Record<string, { definition?: StaffDefinition & { public?: true; portal?: true } }>)) {
      const definition = value?.definition;
      if (!definition || definition.public || definition.portal || !definition.permission) continue;
      if (definition.permission === ("platform:operate" as string) || outsideServices.includes(definition.name)) continue;
      found.push({ name: definition.name, definition });
    }
  }
  return found;
}

type ZodInternals = {
  _zod: {
    def: { type: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown; element?: unknown; options?: unknown[]; entries?: Record<string, unknown>; values?: unknown[]; defaultValue?: unknown };
    bag: { format?: string; minimum?: number };
  };
};

/** A plain value of the schema's type, so only the field under test is hostile. */
function sampleOf(schema: unknown, depth = 0): unknown {
  const zod = (schema as ZodInternals)._zod;
  if (!zod || depth > 6) return undefined;
  const { def, bag } = zod;
  switch (def.type) {
    case "object":
      return Object.fromEntries(Object.entries(def.shape ?? {}).map(([key, field]) => [key, sampleOf(field, depth + 1)]));
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return sampleOf(def.innerType, depth + 1);
    case "pipe":
      return sampleOf(def.in, depth + 1);
    case "union":
      return sampleOf(def.options?.[0], depth + 1);
    case "array":
      return [sampleOf(def.element, depth + 1)];
    case "enum":
      return Object.values(def.entries ?? {})[0];
    case "literal":
      return def.values?.[0];
    case "boolean":
      return false;
    case "number":
    case "int":
      return Math.max(1, bag.minimum ?? 1);
    case "date":
      return "2026-11-13";
    case "string":
      if (bag.format === "uuid" || bag.format === "guid") return randomUUID();
      if (bag.format === "email") return "staff@example.ph";
      if (bag.format === "ipv4") return "10.0.0.1";
      if (bag.format === "url") return "https://example.ph";
      return "Sample";
    default:
      return undefined;
  }
}

const hostileValues: [string, unknown][] = [
  ["NUL", "\u0000"],
  ["NUL inside", "a\u0000b"],
  ["right-to-left override", "\u202egpj.exe"],
  ["100,000 characters", "x".repeat(100_000)],
  ["not an id", "not-a-uuid"],
  ["nil id", "00000000-0000-0000-0000-000000000000"],
  ["negative", -1],
  ["huge", 1e309],
  ["NaN", Number.NaN],
  ["numeric text", "99999999999999999999"],
  ["no such day", "0000-00-00"],
  ["object", { "\u0000": "\u0000" }],
  ["array", ["\u0000"]],
  ["null", null],
];

describe("every staff action under hostile input", () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await createTestDatabase();
  });
  afterAll(async () => conn?.close());

  it("answers with its result or an AppError for each field replaced by each hostile value, never another error", { timeout: 600_000 }, async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const owner = { ...ctx.owner, db: conn.db };
    const actions = await staffActions();
    expect(actions.length).toBeGreaterThan(60);
    const crashes: string[] = [];
    let runs = 0;
    const attempt = async (name: string, definition: StaffDefinition, input: unknown, label: string) => {
      runs++;
      await executeAction(definition, owner, input).catch((error: unknown) => {
        if (!(error instanceof AppError)) crashes.push(`${name} ${label}: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
      });
    };
    for (const { name, definition } of actions) {
      const sample = sampleOf(definition.input);
      for (const [label, value] of hostileValues.slice(0, 5)) await attempt(name, definition, value, `whole input ${label}`);
      if (!sample || typeof sample !== "object" || Array.isArray(sample)) continue;
      for (const field of Object.keys(sample)) {
        for (const [label, value] of hostileValues) await attempt(name, definition, { ...sample, [field]: value }, `${field} = ${label}`);
      }
    }
    console.log(`action fuzz: ${actions.length} actions, ${runs} runs, ${crashes.length} unhandled errors`);
    expect(crashes).toEqual([]);
  });
});
