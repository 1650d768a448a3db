/*
 * The second wall: tenant work runs as `netsphere_app` with the session's ISP in `app.tenant_id`, so a query that
 * forgot its tenant filter still returns nothing of another ISP. Every table is probed generically (one row of
 * each ISP written as the owner), so a table added later is covered without touching this file, and a table the
 * role can reach without row-level security and a policy fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, rowsOf } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { APP_ROLE } from "@/lib/db/tenant-bound";
import type { Connection } from "@/lib/db/connect";
import type { Db, DbOrTx } from "@/lib/db/types";

/** Reachable by the role without row-level security: shared reference data, read-only (checked below). */
const REFERENCE_TABLES = ["installation", "saas_plans", "percentile_merge_marks"];
/** Tables without a tenant column whose policy goes through a tenant-owned parent. */
const CHILD_TABLES: Record<string, { column: string; parent: string }> = {
  sessions: { column: "user_id", parent: "users" },
  sent_email_attachments: { column: "email_id", parent: "sent_emails" },
  traffic_counters: { column: "router_id", parent: "routers" },
};

type Column = { name: string; dataType: string; udtName: string; nullable: boolean; hasDefault: boolean };

let conn: Connection;
let a: string;
let b: string;
let tenantTables: string[];

async function query<T = Record<string, unknown>>(db: DbOrTx, statement: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf(await db.execute(statement)) as T[];
}

/** The database's own words (drizzle wraps them in "Failed query"). */
const messageOf = (error: Error): string => (error.cause instanceof Error ? error.cause.message : error.message);

/*
 * Tables are named as the queries here name them: "customers" in public, "radius.radcheck" in the RADIUS room's
 * schema (FreeRADIUS's tables, behind the same policies).
 */
const SCHEMAS = sql.raw(`('public', 'radius')`);
const tableName = sql.raw(`case when n.nspname = 'public' then c.relname else n.nspname || '.' || c.relname end`);
const ref = (table: string) => {
  const [schema, name] = table.includes(".") ? table.split(".") : ["public", table];
  return sql`${sql.identifier(schema)}.${sql.identifier(name)}`;
};

async function columnsOf(db: Db, table: string): Promise<Column[]> {
  const [schema, name] = table.includes(".") ? table.split(".") : ["public", table];
  return query<Column>(
    db,
    sql`select column_name as "name", data_type as "dataType", udt_name as "udtName", is_nullable = 'YES' as "nullable",
          (column_default is not null or is_identity = 'YES' or is_generated = 'ALWAYS') as "hasDefault"
        from information_schema.columns where table_schema = ${schema} and table_name = ${name} order by ordinal_position`,
  );
}

/** A value of the column's type for a required column; unique-looking text so two probes never collide. */
async function valueFor(db: Db, column: Column): Promise<ReturnType<typeof sql>> {
  if (column.dataType === "USER-DEFINED") {
    const [label] = await query<{ label: string }>(
      db,
      sql`select e.enumlabel as label from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = ${column.udtName} order by e.enumsortorder limit 1`,
    );
    return sql`${label.label}::${sql.identifier(column.udtName)}`;
  }
  if (column.dataType === "ARRAY") return sql.raw(`'{}'`);
  const byType: Record<string, string> = {
    uuid: "gen_random_uuid()",
    text: "'probe-' || gen_random_uuid()",
    "character varying": "left('probe-' || gen_random_uuid(), 20)",
    integer: "1",
    // Distinct per probe: a bigint may be part of a key (radacct_archive's radacctid with its stop time).
    bigint: "(random() * 1e12)::bigint",
    smallint: "1",
    numeric: "1",
    real: "1",
    "double precision": "1",
    boolean: "false",
    "timestamp with time zone": "'2026-11-01T00:00:00Z'",
    "timestamp without time zone": "'2026-11-01T00:00:00'",
    date: "'2026-11-01'",
    jsonb: "'{}'",
    json: "'{}'",
    inet: "'10.0.0.1'",
    bytea: "'\\x00'",
    interval: "'1 day'",
  };
  const value = byType[column.dataType];
  if (!value) throw new Error(`The probe cannot fill a ${column.dataType} column (${column.name}); teach valueFor.`);
  return sql.raw(value);
}

/** `insert into <table>` with the given values and a made-up value for every other required column. */
async function probeInsert(db: Db, table: string, fixed: Record<string, string>) {
  const columns = (await columnsOf(db, table)).filter((c) => c.name in fixed || (!c.nullable && !c.hasDefault));
  const values = await Promise.all(columns.map((c) => (c.name in fixed ? Promise.resolve(sql`${fixed[c.name]}`) : valueFor(db, c))));
  return sql`insert into ${ref(table)} (${sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  )}) values (${sql.join(values, sql`, `)})`;
}

/** Writes rows as the owner with foreign keys off (replica mode), so any table can be filled in any order. */
async function asOwnerWithoutForeignKeys(db: Db, statements: ReturnType<typeof sql>[]) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const statement of statements) await tx.execute(statement);
  });
}

beforeAll(async () => {
  conn = await createTestDatabase();
  a = (await createTenantFixture(conn.db, { name: "Lipa Fiber" })).tenant.id;
  b = (await createTenantFixture(conn.db, { name: "Tanauan Wireless" })).tenant.id;
  tenantTables = (
    await query<{ table: string }>(
      conn.db,
      sql`select ${tableName} as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute at on at.attrelid = c.oid and at.attname = 'tenant_id' and not at.attisdropped
          -- A partition is written and read through its parent (the time series: lib/monitoring/partitions.ts).
          where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p') and not c.relispartition
          order by 1`,
    )
  ).map((r) => r.table);
  const rows = [];
  for (const table of tenantTables) for (const tenant of [a, b]) rows.push(await probeInsert(conn.db, table, { tenant_id: tenant }));
  await asOwnerWithoutForeignKeys(conn.db, rows);
  const children = [];
  for (const [table, { column, parent }] of Object.entries(CHILD_TABLES)) {
    const parents = await query<{ id: string }>(conn.db, sql`select id from ${sql.identifier(parent)} where tenant_id in (${a}, ${b})`);
    for (const row of parents) children.push(await probeInsert(conn.db, table, { [column]: row.id }));
  }
  await asOwnerWithoutForeignKeys(conn.db, children);
});
afterAll(async () => conn?.close());

async function reachableTables(db: Db) {
  return query<{ table: string; rls: boolean; policies: number; writable: boolean; tenantColumn: boolean }>(
    db,
    sql`select ${tableName} as "table", c.relrowsecurity as rls,
          (select count(*)::int from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname) as policies,
          has_table_privilege(${APP_ROLE}, c.oid, 'INSERT') or has_table_privilege(${APP_ROLE}, c.oid, 'UPDATE')
            or has_table_privilege(${APP_ROLE}, c.oid, 'DELETE') as writable,
          exists (select 1 from pg_attribute at where at.attrelid = c.oid and at.attname = 'tenant_id' and not at.attisdropped) as "tenantColumn"
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p')
          and (has_table_privilege(${APP_ROLE}, c.oid, 'SELECT') or has_table_privilege(${APP_ROLE}, c.oid, 'INSERT')
            or has_table_privilege(${APP_ROLE}, c.oid, 'UPDATE') or has_table_privilege(${APP_ROLE}, c.oid, 'DELETE'))
        order by 1`,
  );
}

describe("the app role", () => {
  it("reaches no table without row-level security and a policy, except read-only reference data", async () => {
    const unguarded = (await reachableTables(conn.db)).filter((t) =>
      REFERENCE_TABLES.includes(t.table) ? t.writable || t.tenantColumn : !t.rls || t.policies === 0,
    );
    expect(unguarded).toEqual([]);
    const tenantTablesWithoutRls = await query(
      conn.db,
      sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute at on at.attrelid = c.oid and at.attname = 'tenant_id' and not at.attisdropped
          where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p') and not c.relrowsecurity`,
    );
    expect(tenantTablesWithoutRls).toEqual([]);
  });

  it("an unfiltered select of every tenant table returns only the session's ISP's rows", async () => {
    const reachable = new Set((await reachableTables(conn.db)).map((t) => t.table));
    const probed = tenantTables.filter((t) => reachable.has(t));
    expect(probed.length).toBeGreaterThan(40);
    // FreeRADIUS's tables sit behind the same wall.
    expect(probed).toEqual(expect.arrayContaining(["radius.nas", "radius.radcheck", "radius.radacct"]));
    const seen: Record<string, string[]> = {};
    for (const table of probed) {
      const rows = await query<{ tenant_id: string }>(conn.forTenant(a), sql`select tenant_id::text from ${ref(table)}`);
      seen[table] = [...new Set(rows.map((r) => r.tenant_id))];
    }
    expect(seen).toEqual(Object.fromEntries(probed.map((t) => [t, [a]])));
    const [tenant] = await query<{ ids: string[] }>(conn.forTenant(a), sql`select array_agg(id::text) as ids from tenants`);
    expect(tenant.ids).toEqual([a]);
  });

  it("children without a tenant column are seen only through the ISP's own parent rows", async () => {
    for (const [table, { column, parent }] of Object.entries(CHILD_TABLES)) {
      const own = await query<{ id: string }>(conn.db, sql`select id::text from ${sql.identifier(parent)} where tenant_id = ${a}`);
      const rows = await query<{ parent: string }>(
        conn.forTenant(a),
        sql`select ${sql.identifier(column)}::text as parent from ${sql.identifier(table)}`,
      );
      expect({ table, parents: [...new Set(rows.map((r) => r.parent))].sort() }).toEqual({ table, parents: own.map((r) => r.id).sort() });
    }
  });

  it("sees nothing when no ISP is named", async () => {
    const reachable = await reachableTables(conn.db);
    const counts = await conn.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
      const result: Record<string, number> = {};
      for (const { table } of reachable.filter((t) => !REFERENCE_TABLES.includes(t.table))) {
        const [row] = await query<{ n: number }>(tx, sql`select count(*)::int as n from ${ref(table)}`);
        result[table] = row.n;
      }
      return result;
    });
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it("refuses to write a row of another ISP, and to move a row to another ISP", async () => {
    const reachable = new Set((await reachableTables(conn.db)).filter((t) => t.writable).map((t) => t.table));
    // The policy (or a missing grant) refuses the row before foreign keys are checked, so the refusal names it.
    const notRefusedByPolicy: string[] = [];
    for (const table of tenantTables.filter((t) => reachable.has(t))) {
      const insert = await probeInsert(conn.db, table, { tenant_id: b });
      const outcome = await conn
        .forTenant(a)
        .execute(insert)
        .then(() => "written")
        .catch((error: Error) => messageOf(error));
      if (!/row-level security|permission denied/.test(outcome)) notRefusedByPolicy.push(`${table}: ${outcome}`);
    }
    expect(notRefusedByPolicy).toEqual([]);
    const moveOutcome = await conn
      .forTenant(a)
      .execute(sql`update customers set tenant_id = ${b}`)
      .then(() => "written")
      .catch((error: Error) => messageOf(error));
    expect(moveOutcome).toMatch(/row-level security/);
    const moved = await query(conn.forTenant(a), sql`update customers set name = 'Mallory' where tenant_id = ${b} returning id`);
    expect(moved).toEqual([]);
  });

  it("keeps interleaved requests of two ISPs apart, and a transaction on one connection", async () => {
    const probe = (tenant: string) =>
      query<{ tenant: string; n: number }>(
        conn.forTenant(tenant),
        sql`select current_setting('app.tenant_id') as tenant, (select count(*)::int from customers where tenant_id <> ${tenant}) as n`,
      );
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => probe(i % 2 ? a : b).then((rows) => ({ want: i % 2 ? a : b, rows }))));
    for (const { want, rows } of results) expect(rows).toEqual([{ tenant: want, n: 0 }]);
    const sameTransaction = await conn.forTenant(a).transaction(async (tx) => {
      await tx.execute(sql`select set_config('netsphere.probe', 'kept', true)`);
      const [row] = await query<{ value: string; role: string }>(
        tx,
        sql`select current_setting('netsphere.probe', true) as value, current_user as role`,
      );
      return row;
    });
    expect(sameTransaction).toEqual({ value: "kept", role: APP_ROLE });
    // The owner's handle is untouched by tenant work: it still sees both ISPs.
    const [owner] = await query<{ n: number }>(conn.db, sql`select count(distinct id)::int as n from tenants where id in (${a}, ${b})`);
    expect(owner.n).toBe(2);
  });
});
