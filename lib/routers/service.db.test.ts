import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { createRouter, updateRouter } from "@/lib/routers/service";
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
    const base = { name: "Dup", host: "10.0.0.1", apiPort: 8728, useTls: false, username: "api", siteId: null };
    await expect(createRouter(conn.db, actor, { ...base, password: "" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { password: ["Password is required"] },
    });
    await createRouter(conn.db, actor, { ...base, password: "x" });
    await expect(createRouter(conn.db, actor, { ...base, password: "x" })).rejects.toMatchObject({ code: "conflict" });
  });
});
