import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, rowsOf } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { customers } from "@/lib/customers/schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("row-level security", () => {
  it("a non-owner role sees only the tenant named in app.tenant_id, and nothing without it", async () => {
    const a = await createTenantFixture(conn.db, { name: "A" });
    const b = await createTenantFixture(conn.db, { name: "B" });
    await conn.db.insert(customers).values([
      { tenantId: a.tenant.id, accountNumber: "A-1", name: "Alice" },
      { tenantId: b.tenant.id, accountNumber: "B-1", name: "Bob" },
    ]);
    const role = `ns_rls_probe_${Math.random().toString(36).slice(2, 8)}`;
    await conn.db.execute(sql.raw(`CREATE ROLE ${role}`));
    await conn.db.execute(sql.raw(`GRANT SELECT, INSERT ON customers, users TO ${role}`));
    try {
      const seen = await conn.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`SET LOCAL ROLE ${role}`));
        const none = await tx.execute(sql`select name from customers`);
        await tx.execute(sql`select set_config('app.tenant_id', ${a.tenant.id}, true)`);
        const onlyA = await tx.execute(sql`select name from customers`);
        const usersVisible = await tx.execute(sql`select count(*)::int as n from users`);
        return { none: rowsOf(none), onlyA: rowsOf(onlyA), users: rowsOf(usersVisible)[0] };
      });
      expect(seen.none).toEqual([]);
      expect(seen.onlyA).toEqual([{ name: "Alice" }]);
      // The staff of tenant A (the fixture makes one user per role), never those of B.
      expect(seen.users).toEqual({ n: 5 });
      // Writing another tenant's row is refused by the policy's WITH CHECK.
      await expect(
        conn.db.transaction(async (tx) => {
          await tx.execute(sql.raw(`SET LOCAL ROLE ${role}`));
          await tx.execute(sql`select set_config('app.tenant_id', ${a.tenant.id}, true)`);
          await tx.execute(sql`insert into customers (tenant_id, account_number, name) values (${b.tenant.id}, 'B-2', 'Mallory')`);
        }),
      ).rejects.toThrow();
    } finally {
      // Roles are cluster-wide on Postgres: remove the probe so runs leave nothing behind.
      await conn.db.execute(sql.raw(`DROP OWNED BY ${role}`));
      await conn.db.execute(sql.raw(`DROP ROLE ${role}`));
    }
  });
});
