import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase, rowsOf } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { routers } from "@/lib/routers/schema";
import { paymentGateways } from "@/lib/payments/schema";
import { channelSettings } from "@/lib/notify/schema";
import { webhookEndpoints } from "@/lib/webhooks/schema";
import { tunnelHubs, tunnelPeers } from "@/lib/tunnels/schema";
import { encryptedColumns, rotateEncryptionSecret } from "@/lib/db/rotate-secrets";
import { randomBytes } from "node:crypto";
import { radiusCheck, radiusNas } from "@/lib/radius/schema";
import { decryptForRadius, encryptForRadius, radiusKey } from "@/lib/radius/crypto";
import { newSharedSecret } from "@/lib/radius/rules";
import type { Connection } from "@/lib/db/connect";

const NEW_SECRET = "the-new-encryption-secret-0123456789abcdef";
let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

/** Every encrypted value in the database, as `table.column` → envelopes. */
async function envelopes(db: Connection["db"] = conn.db) {
  const out: Record<string, string[]> = {};
  for (const { table, columns } of encryptedColumns) {
    for (const column of columns) {
      const result = await db.execute(
        sql`select ${sql.identifier(column)} as v from ${sql.identifier(table)} where ${sql.identifier(column)} is not null`,
      );
      out[`${table}.${column}`] = rowsOf(result).map((r) => String(r.v));
    }
  }
  return out;
}

describe("rotating ENCRYPTION_SECRET", () => {
  it("knows every encrypted column the schemas declare", () => {
    const declared: string[] = [];
    const libDir = path.resolve(__dirname, "..");
    for (const domain of fs.readdirSync(libDir)) {
      const file = path.join(libDir, domain, "schema.ts");
      if (!fs.existsSync(file)) continue;
      for (const block of fs.readFileSync(file, "utf8").split("pgTable(").slice(1)) {
        const table = /^\s*"([a-z_]+)"/.exec(block)?.[1];
        for (const match of block.matchAll(/\("([a-z_]+_encrypted)"\)/g)) declared.push(`${table}.${match[1]}`);
      }
    }
    const listed = encryptedColumns.flatMap(({ table, columns }) => columns.map((c) => `${table}.${c}`));
    expect(listed.sort()).toEqual(declared.sort());
  });

  it("moves every secret to the new key in one go, can run again, and refuses (changing nothing) a value neither key opens", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const [router] = await insertSimulatedRouters(conn.db, tenant.id, [{ name: "Rotate", port: 1, username: "api", password: "router-pass" }]);
    await insertSubscriptions(conn.db, tenant.id, [{ routerId: router.id, username: "rotate.user" }]);
    await conn.db.insert(webhookEndpoints).values({
      tenantId: tenant.id,
      url: "https://hooks.example.ph/netsphere",
      secretEncrypted: encryptSecret("whsec_bmV3LXNlY3JldC1ieXRlcy0wMTIzNDU2Nzg5"),
      previousSecretEncrypted: encryptSecret("whsec_b2xkLXNlY3JldC1ieXRlcy0wMTIzNDU2Nzg5"),
    });
    await conn.db.insert(paymentGateways).values({
      tenantId: tenant.id,
      provider: "stripe",
      secretEncrypted: encryptSecret("sk_test_123"),
      webhookSecretEncrypted: encryptSecret("whsec_123"),
    });
    await conn.db.insert(channelSettings).values({ tenantId: tenant.id, channel: "sms", secretEncrypted: encryptSecret("sms-key") });
    const [hub] = await conn.db
      .insert(tunnelHubs)
      .values({
        tenantId: tenant.id,
        endpointHost: "hub.example.ph",
        prefix: "10.99.0.0/24",
        publicKey: "hub-public",
        privateKeyEncrypted: encryptSecret("hub-private"),
      })
      .returning();
    await conn.db.insert(tunnelPeers).values({
      tenantId: tenant.id,
      hubId: hub.id,
      routerId: router.id,
      publicKey: "peer-public",
      privateKeyEncrypted: encryptSecret("peer-private"),
      address: "10.99.0.2",
    });
    const old = env().ENCRYPTION_SECRET!;

    const first = await rotateEncryptionSecret(conn.db, { from: old, to: NEW_SECRET });
    expect(first.rewritten).toBeGreaterThanOrEqual(5);
    const after = await envelopes();
    for (const [column, values] of Object.entries(after)) {
      expect(values.length, column).toBeGreaterThan(0);
      for (const value of values) {
        expect(() => decryptSecret(value, NEW_SECRET), column).not.toThrow();
        expect(() => decryptSecret(value, old), column).toThrow(/different ENCRYPTION_SECRET/);
      }
    }
    const [row] = await conn.db.select().from(routers).where(eq(routers.id, router.id));
    expect(decryptSecret(row.passwordEncrypted, NEW_SECRET)).toBe("router-pass");

    // Interrupted or repeated: what already uses the new key is left alone.
    const again = await rotateEncryptionSecret(conn.db, { from: old, to: NEW_SECRET });
    expect(again).toMatchObject({ rewritten: 0, alreadyNew: first.rewritten });

    // A value stored with a third key: nothing moves, and the error says which row.
    await conn.db
      .update(routers)
      .set({ passwordEncrypted: encryptSecret("stray", "a-third-secret-nobody-has-0123456789") })
      .where(eq(routers.id, router.id));
    const before = await envelopes();
    await expect(rotateEncryptionSecret(conn.db, { from: NEW_SECRET, to: old })).rejects.toThrow(
      /routers\.password_encrypted .* nothing was changed/,
    );
    expect(await envelopes()).toEqual(before);
  });
});

describe("rotating ENCRYPTION_SECRET with RADIUS routers", () => {
  // A database of its own: the case above leaves a router password under a third key on purpose.
  let conn: Connection;
  beforeAll(async () => {
    conn = await createTestDatabase();
  });
  afterAll(async () => conn?.close());

  it("moves the RADIUS tables to the new RADIUS key: NAS secrets, and subscribers' passwords from their subscriptions", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const [router] = await insertSimulatedRouters(conn.db, tenant.id, [{ name: "Radius NAS", port: 1, username: "api", password: "router-pass" }]);
    const ids = await insertSubscriptions(conn.db, tenant.id, [{ routerId: router.id, username: "radius.rotate" }]);
    const subscriptionId = ids.get("radius.rotate")!;
    const on = env().ENCRYPTION_SECRET!;
    const next = NEW_SECRET;
    const nasSecret = newSharedSecret(randomBytes);
    await conn.db
      .insert(radiusNas)
      .values({
        tenantId: tenant.id,
        routerId: router.id,
        nasname: "127.0.5.9",
        shortname: "Radius NAS",
        secret: encryptForRadius(nasSecret, radiusKey(on)),
      });
    await conn.db.insert(radiusCheck).values({
      tenantId: tenant.id,
      subscriptionId,
      username: "radius.rotate",
      attribute: "Cleartext-Password",
      op: ":=",
      value: encryptForRadius("pw-radius.rotate", radiusKey(on)),
      encrypted: true,
    });
    const radiusValues = async () => ({
      nas: (await conn.db.select().from(radiusNas).where(eq(radiusNas.routerId, router.id)))[0].secret,
      password: (await conn.db.select().from(radiusCheck).where(eq(radiusCheck.subscriptionId, subscriptionId)))[0].value,
    });

    const moved = await rotateEncryptionSecret(conn.db, { from: on, to: next });
    expect(moved.byTable).toMatchObject({ "radius.nas": expect.any(Number), "radius.radcheck": expect.any(Number) });
    const after = await radiusValues();
    expect(decryptForRadius(after.nas, radiusKey(next))).toBe(nasSecret);
    expect(decryptForRadius(after.password, radiusKey(next))).toBe("pw-radius.rotate");

    const again = await rotateEncryptionSecret(conn.db, { from: on, to: next });
    expect(again.rewritten).toBe(0);
    expect(await radiusValues()).toEqual(after);

    // A NAS secret under a third key: refused, naming it, and nothing moves.
    await conn.db
      .update(radiusNas)
      .set({ secret: encryptForRadius(nasSecret, radiusKey("a-third-secret-nobody-has-0123456789")) })
      .where(eq(radiusNas.routerId, router.id));
    const before = { ...(await envelopes(conn.db)), radius: await radiusValues() };
    await expect(rotateEncryptionSecret(conn.db, { from: next, to: on })).rejects.toThrow(/radius\.nas\.secret of NAS .* nothing was changed/);
    expect({ ...(await envelopes(conn.db)), radius: await radiusValues() }).toEqual(before);
  });
});
