import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { createTenantForOwner, getTenant } from "@/lib/tenants/service";
import { activeTenantOfSlug, allocateSlug, changePortalSlug } from "@/lib/tenants/slugs";
import { tenants } from "@/lib/tenants/schema";
import { users } from "@/lib/auth/schema";
import { auditLog } from "@/lib/audit/schema";
import { actorOf } from "@/lib/audit/record";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

async function signUp(name: string) {
  const userId = randomUUID();
  await conn.db.insert(users).values({ id: userId, name: "Owner", email: `owner-${userId}@example.test` });
  return createTenantForOwner(conn.db, {
    userId,
    input: {
      name,
      legalName: `${name} Inc.`,
      address: "Lipa City",
      tin: "123-456-789-000",
      contactName: "Owner",
      contactPhone: "0917 123 4567",
      email: `isp-${userId}@example.test`,
    },
  });
}

describe("ISP slugs", () => {
  it("gives a new ISP its name's slug at sign-up, and the next free number to a second ISP of the same name", async () => {
    const first = await signUp("Bayan Fiber, Inc.");
    const second = await signUp("Bayan Fiber Inc");
    const third = await signUp("BAYAN FIBER INC.");
    expect([first.slug, second.slug, third.slug]).toEqual(["bayan-fiber-inc", "bayan-fiber-inc-2", "bayan-fiber-inc-3"]);
    const [created] = await conn.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, first.id), eq(auditLog.action, "tenant.created")));
    expect(created.after).toMatchObject({ slug: "bayan-fiber-inc" });
  });

  it("never hands out a reserved word or a slug another ISP chose", async () => {
    expect(await allocateSlug(conn.db, "Admin")).toBe("admin-isp");
    const { ctx } = await createTenantFixture(conn.db, { name: "Someone Else" });
    await changePortalSlug(conn.db, actorOf(ctx.owner), { slug: "sunrise-net" });
    expect(await allocateSlug(conn.db, "Sunrise Net")).toBe("sunrise-net-2");
  });

  it("two sign-ups of one name at the same moment get different slugs", async () => {
    const both = await Promise.all([signUp("Twin Towers Wireless"), signUp("Twin Towers Wireless")]);
    expect(both.map((t) => t.slug).sort()).toEqual(["twin-towers-wireless", "twin-towers-wireless-2"]);
  });

  it("the owner changes the slug (audited); a bad, reserved or taken one is refused with the field's error and nothing changes", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db, { name: "Lipa Wave" });
    const other = await createTenantFixture(conn.db, { name: "Taken Already" });
    // The staff handle is bound to the ISP by row-level security, as in the app.
    const actor = actorOf(ctx.owner);
    expect(await changePortalSlug(ctx.owner.db, actor, { slug: "lipa-wave-internet" })).toEqual({ slug: "lipa-wave-internet", changed: true });
    expect((await getTenant(conn.db, { tenantId: tenant.id })).slug).toBe("lipa-wave-internet");
    const [entry] = await conn.db
      .select({ before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "settings.portal_slug_changed")));
    expect(entry).toEqual({ before: { slug: "lipa-wave" }, after: { slug: "lipa-wave-internet" } });

    await expect(changePortalSlug(ctx.owner.db, actor, { slug: other.tenant.slug! })).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { slug: ["Another ISP already uses this address"] },
    });
    await expect(changePortalSlug(ctx.owner.db, actor, { slug: "portal" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { slug: ['"portal" is reserved; choose another'] },
    });
    await expect(changePortalSlug(ctx.owner.db, actor, { slug: "Lipa Wave" })).rejects.toMatchObject({ code: "validation" });
    expect((await getTenant(conn.db, { tenantId: tenant.id })).slug).toBe("lipa-wave-internet");
    // Saving the same slug again changes nothing and records nothing.
    expect(await changePortalSlug(ctx.owner.db, actor, { slug: "lipa-wave-internet" })).toEqual({ slug: "lipa-wave-internet", changed: false });
    const entries = await conn.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "settings.portal_slug_changed")));
    expect(entries).toHaveLength(1);
  });

  it("the demo and test ISPs have slugs too", async () => {
    const { tenant } = await createTenantFixture(conn.db, { name: "Fixture Fiber" });
    const [row] = await conn.db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenant.id));
    expect(row.slug).toMatch(/^fixture-fiber(-\d+)?$/);
  });

  it("finds the ISP of its slug in any case, and nothing (rather than a database error) for an address no slug can have", async () => {
    const { tenant } = await createTenantFixture(conn.db, { name: "Lookup Fiber" });
    const [row] = await conn.db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenant.id));
    expect(await activeTenantOfSlug(conn.db, row.slug!)).toBe(tenant.id);
    expect(await activeTenantOfSlug(conn.db, row.slug!.toUpperCase())).toBe(tenant.id);
    for (const hostile of ["\u0000", "a\u0000b", `${row.slug}\u0000`, "a b", "../etc", "x".repeat(101)]) expect(await activeTenantOfSlug(conn.db, hostile)).toBeNull();
  });
});
