import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { actorOf } from "@/lib/audit/record";
import { env } from "@/lib/core/env";
import { notificationOutbox } from "@/lib/notify/schema";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { invitePortalUser } from "@/lib/portal/tokens";
import { portalBrandingOf, portalBrandingOfSlug, portalUrlsOf } from "@/lib/portal/branding";
import { addPortalDomain, removePortalDomain, verifyPortalDomain } from "@/lib/tenants/domains";
import { forgetPortalHosts } from "@/lib/tenants/domain-lookup";
import { setTenantStatus } from "@/lib/tenants/platform";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());
beforeEach(() => forgetPortalHosts());

const app = env().APP_URL.replace(/\/+$/, "");
const port = new URL(app).port;
const onDomain = (domain: string) => `${new URL(app).protocol}//${domain}${port ? `:${port}` : ""}`;

async function lastMessageTo(to: string) {
  const [message] = await conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.recipient, to)).orderBy(desc(notificationOutbox.createdAt)).limit(1);
  return message;
}

describe("links we give subscribers", () => {
  it("name the ISP by its slug, then by its verified custom domain once it has one, and by its slug again when it is removed", async () => {
    const isp = await createTenantFixture(conn.db, { name: "Links Fiber" });
    const actor = actorOf(isp.ctx.owner);
    const slug = isp.tenant.slug!;
    const ana = await insertCustomer(conn.db, isp.tenant.id, { email: "ana@example.ph", name: "Ana Cruz" });

    expect(await portalUrlsOf(isp.ctx.owner.db, { tenantId: isp.tenant.id })).toEqual({
      home: `${app}/portal`,
      signIn: `${app}/portal/${slug}/sign-in`,
      pagesBase: `${app}/portal`,
    });
    await invitePortalUser(isp.ctx.owner.db, actor, { customerId: ana.id });
    expect((await lastMessageTo("ana@example.ph")).body).toContain(`${app}/portal/set-password?token=`);

    // A domain added but not verified changes nothing.
    const domain = await addPortalDomain(isp.ctx.owner.db, actor, { hostname: "portal.linksfiber.ph" });
    expect((await portalUrlsOf(isp.ctx.owner.db, { tenantId: isp.tenant.id })).signIn).toBe(`${app}/portal/${slug}/sign-in`);

    const token = domain.records.txtValue;
    await verifyPortalDomain(isp.ctx.owner.db, actor, { domainId: domain.id }, { resolver: { resolveTxt: async () => [[token]] } });
    expect(await portalUrlsOf(isp.ctx.owner.db, { tenantId: isp.tenant.id })).toEqual({
      home: `${onDomain("portal.linksfiber.ph")}/`,
      signIn: `${onDomain("portal.linksfiber.ph")}/sign-in`,
      pagesBase: onDomain("portal.linksfiber.ph"),
    });
    // The SMS and email templates' {{portalUrl}}, and the one-time links.
    await enqueueNotification(isp.ctx.owner.db, {
      tenantId: isp.tenant.id,
      event: "quota_reached",
      customerId: ana.id,
      data: { allowance: "100 GB", capNote: "", plan: "Fiber 50" },
    });
    expect((await lastMessageTo("ana@example.ph")).body).toContain(`${onDomain("portal.linksfiber.ph")}/sign-in`);
    await invitePortalUser(isp.ctx.owner.db, actor, { customerId: ana.id });
    expect((await lastMessageTo("ana@example.ph")).body).toContain(`${onDomain("portal.linksfiber.ph")}/set-password?token=`);

    await removePortalDomain(isp.ctx.owner.db, actor, { domainId: domain.id });
    expect((await portalUrlsOf(isp.ctx.owner.db, { tenantId: isp.tenant.id })).signIn).toBe(`${app}/portal/${slug}/sign-in`);
  });

  it("the sign-in pages find an active ISP by its slug or id, and no suspended one", async () => {
    const isp = await createTenantFixture(conn.db, { name: "Slug Lookup Net" });
    const bySlug = await portalBrandingOfSlug(conn.db, isp.tenant.slug!);
    expect(bySlug).toMatchObject({ id: isp.tenant.id, name: "Slug Lookup Net", slug: isp.tenant.slug });
    expect(await portalBrandingOfSlug(conn.db, isp.tenant.slug!.toUpperCase())).toMatchObject({ id: isp.tenant.id });
    expect(await portalBrandingOf(conn.db, isp.tenant.id)).toEqual(bySlug);
    expect(await portalBrandingOfSlug(conn.db, "no-such-isp")).toBeNull();
    await setTenantStatus(conn.db, { userId: "operator", userName: "Operator" }, { tenantId: isp.tenant.id, status: "suspended" });
    expect(await portalBrandingOfSlug(conn.db, isp.tenant.slug!)).toBeNull();
  });
});
