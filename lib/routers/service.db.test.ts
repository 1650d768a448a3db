import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { createRouter, getRouter, listRouters, updateRouter } from "@/lib/routers/service";
import { routerFieldsSchema } from "@/lib/routers/rules";
import { routers } from "@/lib/routers/schema";
import { decryptSecret } from "@/lib/core/crypto";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("routers", () => {
  it("keeps the stored password when an edit leaves it empty, and re-encrypts a new one", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const actor = actorOf(ctx.admin);
    const base = { name: "Lipa-CCR1", host: "10.0.0.1", apiPort: 8728, useTls: false, username: "api", siteId: null };
    const router = await createRouter(conn.db, actor, { ...base, password: "first-pass" });
    const stored = async () => (await conn.db.select().from(routers).where(eq(routers.id, router.id)))[0];
    const before = (await stored()).passwordEncrypted;
    expect(before).not.toContain("first-pass");

    await updateRouter(conn.db, actor, { routerId: router.id, input: { ...base, host: "10.0.0.2", useTls: true, apiPort: 8729, password: "" } });
    expect(await stored()).toMatchObject({ host: "10.0.0.2", useTls: true, apiPort: 8729, passwordEncrypted: before });

    await updateRouter(conn.db, actor, { routerId: router.id, input: { ...base, password: "second-pass" } });
    expect(decryptSecret((await stored()).passwordEncrypted)).toBe("second-pass");
  });

  it("refuses a router without a password and a duplicate name", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const actor = actorOf(ctx.admin);
    const base = { name: "Dup", host: "10.0.1.1", apiPort: 8728, useTls: false, username: "api", siteId: null };
    await expect(createRouter(conn.db, actor, { ...base, password: "" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { password: ["Password is required"] },
    });
    await createRouter(conn.db, actor, { ...base, password: "x" });
    await expect(createRouter(conn.db, actor, { ...base, host: "10.0.1.2", password: "x" })).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { name: ["Already exists"] },
    });
  });

  it("stores the transport, REST port and coordinates, and lists status, last seen and last error without the password", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const actor = actorOf(ctx.admin);
    const input = routerFieldsSchema.parse({
      name: "Tanauan-hAP",
      host: "tanauan.example.ph",
      transport: "rest",
      apiPort: "8728",
      restPort: "8443",
      username: "api",
      password: "pw",
      latitude: "14.0863",
      longitude: "121.1498",
    });
    const router = await createRouter(conn.db, actor, input);
    await conn.db.update(routers).set({ status: "degraded", lastError: "The router did not answer in time." }).where(eq(routers.id, router.id));
    const [listed] = await listRouters(conn.db, { tenantId: ctx.admin.tenantId });
    expect(listed).toMatchObject({
      transport: "rest",
      restPort: 8443,
      latitude: 14.0863,
      longitude: 121.1498,
      status: "degraded",
      lastError: "The router did not answer in time.",
    });
    expect(Object.keys(listed)).not.toContain("passwordEncrypted");
    expect(await getRouter(conn.db, { tenantId: ctx.admin.tenantId, routerId: router.id })).toMatchObject({
      name: "Tanauan-hAP",
      host: "tanauan.example.ph",
    });

    await updateRouter(conn.db, actor, { routerId: router.id, input: { ...input, transport: "api", latitude: null, longitude: null, password: "" } });
    expect(await getRouter(conn.db, { tenantId: ctx.admin.tenantId, routerId: router.id })).toMatchObject({
      transport: "api",
      latitude: null,
      longitude: null,
    });
  });

  it("reads another tenant's router, or a malformed id, as not found", async () => {
    const a = await createTenantFixture(conn.db);
    const b = await createTenantFixture(conn.db);
    const base = { name: "Mine", host: "10.0.2.1", apiPort: 8728, useTls: false, username: "api", siteId: null, password: "x" };
    const router = await createRouter(conn.db, actorOf(a.ctx.owner), base);
    await expect(getRouter(conn.db, { tenantId: b.tenant.id, routerId: router.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(getRouter(conn.db, { tenantId: a.tenant.id, routerId: "not-a-uuid" })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateRouter(conn.db, actorOf(b.ctx.owner), { routerId: router.id, input: { ...base, name: "Taken over" } })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
