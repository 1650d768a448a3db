import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readEnv } from "@/lib/core/env";
import { SECRETS_FILE } from "@/lib/core/local-secrets";

/** The fallback secrets older versions used whenever none was configured. */
const OLD_BUILT_IN = ["netsphere-development-encryption-secret-not-for-production", "netsphere-development-auth-secret-not-for-production"];
const GIVEN = { ENCRYPTION_SECRET: "e".repeat(40), BETTER_AUTH_SECRET: "a".repeat(40) };

const dirs: string[] = [];
const dataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netsphere-env-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("secrets", () => {
  it("makes random secrets for an embedded database on first start, in a file only its owner can read", () => {
    const dir = dataDir();
    const first = readEnv({ NODE_ENV: "development", DATA_DIR: dir });
    expect(first.ENCRYPTION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.BETTER_AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.ENCRYPTION_SECRET).not.toBe(first.BETTER_AUTH_SECRET);
    expect(OLD_BUILT_IN).not.toContain(first.ENCRYPTION_SECRET);
    expect(OLD_BUILT_IN).not.toContain(first.BETTER_AUTH_SECRET);
    const file = path.join(dir, SECRETS_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([SECRETS_FILE]);
  });

  it("reuses the same secrets on every later start on that directory, and another directory gets its own", () => {
    const dir = dataDir();
    const first = readEnv({ DATA_DIR: dir });
    const second = readEnv({ DATA_DIR: dir, NODE_ENV: "test" });
    expect(second.ENCRYPTION_SECRET).toBe(first.ENCRYPTION_SECRET);
    expect(second.BETTER_AUTH_SECRET).toBe(first.BETTER_AUTH_SECRET);
    const elsewhere = readEnv({ DATA_DIR: dataDir() });
    expect(elsewhere.BETTER_AUTH_SECRET).not.toBe(first.BETTER_AUTH_SECRET);
  });

  it("prefers secrets given in the environment and then writes no file", () => {
    const dir = dataDir();
    expect(readEnv({ DATA_DIR: dir, ...GIVEN })).toMatchObject(GIVEN);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses a damaged secrets file instead of replacing it (stored router passwords depend on it)", () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, SECRETS_FILE), '{"ENCRYPTION_SECRET":"short"}');
    expect(() => readEnv({ DATA_DIR: dir })).toThrow(/secrets\.json is damaged/);
  });

  it("refuses to start in production without each secret, naming the missing one, whatever NETSPHERE_DEMO says", () => {
    const dir = dataDir();
    for (const demo of [undefined, "true"]) {
      const base = { NODE_ENV: "production", DATA_DIR: dir, NETSPHERE_DEMO: demo };
      expect(() => readEnv(base)).toThrow(/^ENCRYPTION_SECRET is not set/);
      expect(() => readEnv({ ...base, ENCRYPTION_SECRET: GIVEN.ENCRYPTION_SECRET })).toThrow(/^BETTER_AUTH_SECRET is not set/);
      expect(() => readEnv({ ...base, BETTER_AUTH_SECRET: GIVEN.BETTER_AUTH_SECRET })).toThrow(/^ENCRYPTION_SECRET is not set/);
    }
    expect(readEnv({ NODE_ENV: "production", DATA_DIR: dir, ...GIVEN })).toMatchObject(GIVEN);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses to start on Postgres without secrets, in development too", () => {
    const dir = dataDir();
    const base = { NODE_ENV: "development", DATA_DIR: dir, DATABASE_URL: "postgres://netsphere@127.0.0.1:5432/netsphere" };
    expect(() => readEnv(base)).toThrow(/^ENCRYPTION_SECRET is not set\. NetSphere with DATABASE_URL needs it/);
    expect(() => readEnv({ ...base, ENCRYPTION_SECRET: GIVEN.ENCRYPTION_SECRET })).toThrow(/^BETTER_AUTH_SECRET is not set/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses a secret shorter than 32 characters", () => {
    expect(() => readEnv({ DATA_DIR: dataDir(), ...GIVEN, BETTER_AUTH_SECRET: "too-short" })).toThrow(/BETTER_AUTH_SECRET must be at least 32 characters/);
  });
});
