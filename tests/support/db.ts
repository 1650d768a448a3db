import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { connectPostgres, openPglite, type Connection } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";

/*
 * Every test file gets its own database: on PGlite a copy of a migrated template data dir,
 * on Postgres a database created from a migrated template database. Runs never collide.
 */
const driver = process.env.TEST_DB_DRIVER === "pg" ? "pg" : "pglite";
const runId = () => process.env.NETSPHERE_TEST_RUN ?? `${process.pid}`;
const templateFile = () => path.join(os.tmpdir(), `netsphere-template-${runId()}.tar`);

export const testDriver = driver;

function adminUrl() {
  return process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

function urlForDatabase(name: string) {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const templateDbName = () => `ns_tpl_${runId()}`;

/** Called once per run by the vitest global setup. */
export async function buildTemplate() {
  if (driver === "pglite") {
    const { client, connection } = openPglite();
    await prepareDatabase(connection);
    // Uncompressed (~70 MB): every test file loads it, and unpacking a plain tar takes a third less than gunzipping.
    const dump = await client.dumpDataDir("none");
    fs.writeFileSync(templateFile(), Buffer.from(await dump.arrayBuffer()));
    await client.close();
    return async () => fs.rmSync(templateFile(), { force: true });
  }
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDbName()}`);
  await admin.query(`CREATE DATABASE ${templateDbName()}`);
  const connection = connectPostgres(urlForDatabase(templateDbName()), 2);
  await prepareDatabase(connection);
  await connection.close();
  await admin.end();
  return async () => {
    const c = new pg.Client({ connectionString: adminUrl() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${templateDbName()}`);
    await c.end();
  };
}

let counter = 0;

/** A fresh, migrated database for one test file. Close it in afterAll. */
export async function createTestDatabase(): Promise<Connection> {
  if (driver === "pglite") {
    const blob = new Blob([fs.readFileSync(templateFile())]);
    const { client, connection } = openPglite({ loadDataDir: blob });
    await client.waitReady;
    return connection;
  }
  const database = await createPostgresTestDatabase();
  const connection = connectPostgres(database.url, 4);
  return {
    ...connection,
    close: async () => {
      await connection.close();
      await database.drop();
    },
  };
}

/** Postgres only: a fresh migrated database by URL, for tests that start other processes on it (workers). */
export async function createPostgresTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ns_t_${runId()}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDbName()}`);
  await admin.end();
  return {
    url: urlForDatabase(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Rows of a raw `db.execute(sql...)` result; both drivers return `{ rows }`. */
export const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;
