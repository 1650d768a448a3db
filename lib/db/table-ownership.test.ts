import { describe, expect, it } from "vitest";
import { readSource, sourceFiles } from "@/tests/support/source-scan";
import { loadTables, seamsOf, type Seam, type Tables } from "@/tests/support/table-ownership";
import { importSeams, writeSeams } from "./table-seams";

/*
 * Every table has one owner: the lib/ folder (domain) whose schema.ts declares it. Another domain changes the
 * table only by calling the owner's functions, and reads it through the owner's query functions; app/ owns no
 * table and goes through lib/. This test reads every non-test .ts/.tsx file under lib/ and app/ and fails when
 * a file (a) writes another domain's table — Drizzle `.insert(t)` / `.update(t)` / `.delete(t)`, the bulk
 * helpers `insertMany(db, t, …)` / `insertRecordset(db, t, …)`, or raw `insert into` / `update … set` /
 * `delete from` SQL — or (b) imports another domain's schema module, unless the pair is in ./table-seams.ts.
 * That list only shrinks: an entry that no longer occurs fails the test until it is removed.
 *
 * Not scanned, by category: tests (*.test.ts); schema modules (foreign keys name other domains' tables);
 * lib/db (connection, migrations, the schema gatherer and the demo seed); the demo seeders only the seed
 * calls and the simulated-router rows of the tests and benchmarks (`exemptFiles`).
 */
const exemptFiles: Record<string, string> = {
  "lib/billing/demo.ts": "demo billing history, written only by the seed (lib/db/seed.ts)",
  "lib/tickets/demo.ts": "demo tickets, written only by the seed (lib/db/seed.ts)",
  "lib/monitoring/demo.ts": "demo traffic and health history for the charts, written only by the seed (lib/db/seed.ts)",
  "lib/alerts/demo.ts": "demo incident history on the demo's routers, written only by the seed (lib/db/seed.ts)",
  "lib/monitoring/fixtures.ts": "simulated routers and their subscribers for the monitoring tests and the poll benchmark",
};
const isExempt = (file: string) => file.startsWith("lib/db/") || /^lib\/[^/]+\/schema\.ts$/.test(file) || file in exemptFiles;

function scanTree(tables: Tables) {
  const files = [...sourceFiles("lib"), ...sourceFiles("app")].filter((f) => !isExempt(f));
  const imports: Seam[] = [];
  const writes: Seam[] = [];
  for (const file of files) {
    const found = seamsOf(file, readSource(file), tables);
    imports.push(...found.imports);
    writes.push(...found.writes);
  }
  return { files, imports, writes };
}

const unlisted = (found: Seam[], allowed: Record<string, string>) =>
  [...new Set(found.filter((s) => !(s.key in allowed)).map((s) => `${s.file}:${s.line} ${s.key.split(" → ")[1]}`))].sort();
const stale = (found: Seam[], allowed: Record<string, string>) => {
  const keys = new Set(found.map((s) => s.key));
  return Object.keys(allowed).filter((key) => !keys.has(key));
};

const writeCount = Object.keys(writeSeams).length;
const importCount = Object.keys(importSeams).length;

describe(`each table has one owner (allowlisted seams: ${writeCount} writes, ${importCount} schema imports)`, () => {
  let tables: Tables;
  let tree: ReturnType<typeof scanTree>;
  const load = async () => {
    tables ??= await loadTables();
    tree ??= scanTree(tables);
    return tree;
  };

  it("knows every table's owner and recognises each kind of write", async () => {
    await load();
    expect(tables.bySql.get("subscriptions")?.owner).toBe("subscriptions");
    expect(tables.bySql.get("tenants")?.owner).toBe("tenants");
    expect(tables.bySql.size).toBeGreaterThan(40);
    const example = [
      `import { subscriptions as subs, type Subscription } from "@/lib/subscriptions/schema";`,
      `import { invoices } from "./schema";`,
      "await tx.update(subs).set({ status: 'active' });",
      "await tx.insert(invoices).values(rows);",
      "await insertMany(tx, subs, rows);",
      "await db.execute(sql`update routers set status = 'offline' where id = ${id}`);",
      "await tx.execute(sql`update customers c set balance_centavos = c.balance_centavos + v.delta from v`);",
      "await tx.execute(unnestInsert(subs, rows));",
    ].join("\n");
    const found = seamsOf("lib/billing/example.ts", example, tables);
    expect(found.imports.map((s) => s.key)).toEqual(["lib/billing/example.ts → lib/subscriptions/schema"]);
    expect(found.writes.map((s) => `${s.line} ${s.key}`)).toEqual([
      "3 lib/billing/example.ts → subscriptions",
      "5 lib/billing/example.ts → subscriptions",
      "8 lib/billing/example.ts → subscriptions",
      "6 lib/billing/example.ts → routers",
      "7 lib/billing/example.ts → customers",
    ]);
  });

  it("no file writes another domain's table, apart from the allowlisted writes", async () => {
    const { files, writes } = await load();
    expect(files.length).toBeGreaterThan(300);
    expect(unlisted(writes, writeSeams)).toEqual([]);
  });

  it("no file imports another domain's schema module, apart from the allowlisted imports", async () => {
    const { imports } = await load();
    expect(unlisted(imports, importSeams)).toEqual([]);
  });

  it("every allowlisted seam still occurs (the list only shrinks: remove an entry once its seam is gone)", async () => {
    const { imports, writes } = await load();
    expect({ writes: stale(writes, writeSeams), imports: stale(imports, importSeams) }).toEqual({ writes: [], imports: [] });
  });

  it("every exempt file exists and every allowlisted entry gives a reason", () => {
    const all = new Set([...sourceFiles("lib"), ...sourceFiles("app")]);
    expect(Object.keys(exemptFiles).filter((f) => !all.has(f))).toEqual([]);
    expect(Object.entries({ ...writeSeams, ...importSeams }).filter(([, reason]) => reason.trim().length < 8)).toEqual([]);
  });
});
