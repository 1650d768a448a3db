/**
 * A throw-away Postgres database for a benchmark: `fresh()` drops and creates it, `drop()` removes it
 * (unless BENCH_KEEP_DB=1). The server is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import pg from "pg";

export function benchDatabase(name: string) {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    async fresh() {
      await admin(`drop database if exists ${name}`);
      await admin(`create database ${name}`);
    },
    async drop({ force = false }: { force?: boolean } = {}) {
      if (process.env.BENCH_KEEP_DB && !force) return;
      await admin(`drop database if exists ${name}`);
    },
  };
}
