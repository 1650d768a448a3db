import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * supabase/config.toml and supabase/migrations as the Supabase CLI reads them (docs/DEPLOY.md): the CLI takes the
 * files named `<digits>_<name>.sql` directly in supabase/migrations and skips everything else (drizzle-kit's meta/
 * folder), and must never apply them itself: NetSphere's migrator (`npm run db:migrate`) keeps the only record.
 */
const root = path.resolve(import.meta.dirname, "../..");
const migrationsDir = path.join(root, "supabase", "migrations");
/** The Supabase CLI's own pattern for a migration file (pkg/migration/file.go). */
const cliMigrationName = /^([0-9]+)_(.*)\.sql$/;

/** The few TOML forms config.toml uses: [section] headers and `key = true | false | 123 | "text"` lines. */
function readToml(text: string): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (!line || line.startsWith("#")) continue;
    const header = /^\[([a-z_.]+)\]$/.exec(line);
    if (header) {
      section = `${header[1]}.`;
      continue;
    }
    const pair = /^([a-z_]+)\s*=\s*(true|false|\d+|"[^"]*")$/.exec(line);
    if (!pair) throw new Error(`config.toml: a line this test cannot read: ${raw}`);
    const value = pair[2];
    values[section + pair[1]] = value === "true" ? true : value === "false" ? false : value.startsWith('"') ? value.slice(1, -1) : Number(value);
  }
  return values;
}

const config = readToml(fs.readFileSync(path.join(root, "supabase", "config.toml"), "utf8"));
const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };

describe("supabase/config.toml", () => {
  it("names the project and the Postgres major version NetSphere is tested on", () => {
    expect(config.project_id).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/);
    expect(config["db.major_version"]).toBe(15);
  });

  it("keeps supabase db push and db reset from applying our migrations or a seed", () => {
    expect(config["db.migrations.enabled"]).toBe(false);
    expect(config["db.seed.enabled"]).toBe(false);
    expect(fs.existsSync(path.join(root, "supabase", "seed.sql"))).toBe(false);
  });

  it("leaves the Data API off and Supabase Auth and Storage settings alone", () => {
    expect(config["api.enabled"]).toBe(false);
    expect(config["auth.enabled"]).toBe(false);
    expect(config["storage.enabled"]).toBe(false);
  });
});

describe("supabase/migrations as the Supabase CLI lists it", () => {
  const entries = fs.readdirSync(migrationsDir, { withFileTypes: true });
  const sqlFiles = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);

  it("holds only migration files named <digits>_<name>.sql, and drizzle-kit's meta folder", () => {
    expect(sqlFiles.filter((name) => !cliMigrationName.test(name))).toEqual([]);
    expect(entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)).toEqual(["meta"]);
  });

  it("has one file per journal entry, in the same order, with distinct versions", () => {
    expect(sqlFiles.sort()).toEqual(journal.entries.map((entry) => `${entry.tag}.sql`));
    const versions = sqlFiles.map((name) => cliMigrationName.exec(name)![1]);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it("records each migration later than the one before, so the migrator never skips a new file", () => {
    const times = journal.entries.map((entry) => entry.when);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });
});
