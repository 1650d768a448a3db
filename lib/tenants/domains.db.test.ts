import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { notificationOutbox } from "@/lib/notify/schema";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import {
  addPortalDomain,
  listPortalDomains,
  primaryPortalDomain,
  recheckPortalDomains,
  removePortalDomain,
  verifyPortalDomain,
  type TxtResolver,
} from "@/lib/tenants/domains";
import { forgetPortalHosts, portalHostOf } from "@/lib/tenants/domain-lookup";
import { changePortalSlug } from "@/lib/tenants/slugs";
import { setTenantStatus } from "@/lib/tenants/platform";
import { tenantDomains } from "@/lib/tenants/schema";
import { auditLog } from "@/lib/audit/schema";
import { actorOf } from "@/lib/audit/record";
import { clock } from "@/lib/core/clock";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());
beforeEach(() => forgetPortalHosts());

/** A DNS stand-in: the TXT records it holds by name, or an error code for a name. */
function fakeDns(records: Record<string, string[][] | string>): TxtResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async resolveTxt(name: string) {
      asked.push(name);
      const found = records[name];
      if (typeof found === "string") throw Object.assign(new Error(`queryTxt ${found} ${name}`), { code: found });
      if (!found) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
      return found;
    },
  };
}

let counter = 0;
/** An ISP with one domain added, and what its owner acts as. */
async function ispWithDomain(hostname = `portal${++counter}.bayanfiber.ph`) {
  const fixture = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  const actor = actorOf(fixture.ctx.owner);
  const domain = await addPortalDomain(fixture.ctx.owner.db, actor, { hostname });
  return { ...fixture, actor, domain, token: domain.records.txtValue.replace("netsphere-verify=", "") };
}

const auditActions = async (tenantId: string) =>
  (await conn.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.tenantId, tenantId))).map((row) => row.action);

describe("custom portal domains", () => {
  it("adds a domain unverified, with a token and the records to create, stored as typed in its plain form", async () => {
    const { tenant, ctx, domain } = await ispWithDomain("HTTPS://Portal.LipaWave.PH/");
    expect(domain).toMatchObject({ hostname: "portal.lipawave.ph", verifiedAt: null, lastError: null });
    expect(domain.records.txtName).toBe("_netsphere.portal.lipawave.ph");
    expect(domain.records.txtValue).toMatch(/^netsphere-verify=[0-9a-f]{32}$/);
    expect(domain.records.cnameTarget).toBe(new URL(process.env.APP_URL ?? "http://localhost:3000").hostname);
    expect(await listPortalDomains(ctx.owner.db, { tenantId: tenant.id })).toEqual([domain]);
    expect(await auditActions(tenant.id)).toContain("portal.domain_added");
    // Not verified: it routes nowhere and gives no links.
    expect(await portalHostOf(conn.db, "portal.lipawave.ph")).toBeNull();
    expect(await primaryPortalDomain(conn.db, { tenantId: tenant.id })).toBeNull();
  });

  it("refuses an IP address, a name that is not a host, a domain twice, a sixth domain, and another ISP's domain", async () => {
    const { ctx, actor, domain } = await ispWithDomain();
    const add = (hostname: string) => addPortalDomain(ctx.owner.db, actor, { hostname });
    await expect(add("203.0.113.9")).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { hostname: ["Enter a domain name, not an IP address"] },
    });
    await expect(add("portal.isp.ph/sign-in")).rejects.toMatchObject({ code: "validation" });
    await expect(add(domain.hostname)).rejects.toMatchObject({ code: "conflict", fieldErrors: { hostname: ["You already added this domain"] } });
    for (let i = 0; i < 4; i++) await add(`extra${i}-${counter}.bayanfiber.ph`);
    await expect(add(`sixth-${counter}.bayanfiber.ph`)).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { hostname: ["An ISP can attach at most 5 domains; remove one first"] },
    });

    const rival = await createTenantFixture(conn.db, { name: "Rival Net" });
    await expect(addPortalDomain(rival.ctx.owner.db, actorOf(rival.ctx.owner), { hostname: domain.hostname })).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { hostname: ["This domain is attached to another ISP. If it is yours, ask NetSphere support."] },
    });
    expect(await listPortalDomains(rival.ctx.owner.db, { tenantId: rival.tenant.id })).toEqual([]);
  });

  it("verify: no record yet, a lookup that failed, and a record with another value each say why and leave the domain unverified", async () => {
    const { ctx, actor, domain, tenant } = await ispWithDomain();
    const name = domain.records.txtName;
    const cases: [TxtResolver, RegExp][] = [
      [fakeDns({}), /^No TXT record _netsphere\.portal\d+\.bayanfiber\.ph was found yet/],
      [fakeDns({ [name]: "ENODATA" }), /^No TXT record .* was found yet/],
      [
        fakeDns({ [name]: "ETIMEOUT" }),
        /^The DNS lookup of _netsphere\.portal\d+\.bayanfiber\.ph failed \(ETIMEOUT\); try again in a few minutes\.$/,
      ],
      [fakeDns({ [name]: "ESERVFAIL" }), /failed \(ESERVFAIL\)/],
      [
        fakeDns({ [name]: [["v=spf1 -all"], ["netsphere-verify=", "0000"]] }),
        /^The TXT record _netsphere\.\S+ holds "v=spf1 -all", "netsphere-verify=0000", not netsphere-verify=[0-9a-f]{32}\.$/,
      ],
    ];
    for (const [resolver, reason] of cases) {
      const outcome = await verifyPortalDomain(ctx.owner.db, actor, { domainId: domain.id }, { resolver });
      expect(outcome.verified).toBe(false);
      expect(outcome.error).toMatch(reason);
      const [row] = await listPortalDomains(ctx.owner.db, { tenantId: tenant.id });
      expect(row.verifiedAt).toBeNull();
      expect(row.lastError).toBe(outcome.error);
      expect(row.lastCheckedAt).not.toBeNull();
    }
    expect(await portalHostOf(conn.db, domain.hostname)).toBeNull();
    expect((await auditActions(tenant.id)).filter((a) => a === "portal.domain_check_failed")).toHaveLength(cases.length);
  });

  it("verify: the token in the TXT record (split in strings or not) verifies the domain, which then serves the ISP's portal", async () => {
    const { ctx, actor, domain, tenant, token } = await ispWithDomain();
    const dns = fakeDns({ [domain.records.txtName]: [["google-site-verification=x"], ["netsphere-verify=", token]] });
    const now = clock.now();
    const outcome = await verifyPortalDomain(ctx.owner.db, actor, { domainId: domain.id }, { resolver: dns, now });
    expect(outcome).toEqual({ verified: true, hostname: domain.hostname, error: null });
    expect(dns.asked).toEqual([`_netsphere.${domain.hostname}`]);
    const [row] = await listPortalDomains(ctx.owner.db, { tenantId: tenant.id });
    expect(row).toMatchObject({ verifiedAt: now, lastError: null });
    expect(await auditActions(tenant.id)).toContain("portal.domain_verified");
    expect(await portalHostOf(conn.db, domain.hostname)).toEqual({ hostname: domain.hostname, tenantId: tenant.id, slug: tenant.slug });
    expect(await primaryPortalDomain(ctx.owner.db, { tenantId: tenant.id })).toBe(domain.hostname);
    // Verified stays verified: pressing Verify again asks DNS nothing.
    await verifyPortalDomain(ctx.owner.db, actor, { domainId: domain.id }, { resolver: dns });
    expect(dns.asked).toHaveLength(1);
  });

  it("the host lookup is remembered for 30 s, forgotten at once after a change in this process", async () => {
    const { ctx, actor, domain, tenant, token } = await ispWithDomain();
    await verifyPortalDomain(
      ctx.owner.db,
      actor,
      { domainId: domain.id },
      { resolver: fakeDns({ [domain.records.txtName]: [[`netsphere-verify=${token}`]] }) },
    );
    const at = clock.ms();
    expect(await portalHostOf(conn.db, domain.hostname, at)).toMatchObject({ tenantId: tenant.id });
    // Changed behind this process's back (another server): still the remembered answer until 30 s have passed.
    await conn.db.update(tenantDomains).set({ verifiedAt: null }).where(eq(tenantDomains.id, domain.id));
    expect(await portalHostOf(conn.db, domain.hostname, at + 29_000)).toMatchObject({ tenantId: tenant.id });
    expect(await portalHostOf(conn.db, domain.hostname, at + 30_000)).toBeNull();
    await conn.db.update(tenantDomains).set({ verifiedAt: clock.now() }).where(eq(tenantDomains.id, domain.id));
    forgetPortalHosts();

    // A slug change here is seen at once.
    expect(await portalHostOf(conn.db, domain.hostname)).toMatchObject({ slug: tenant.slug });
    await changePortalSlug(ctx.owner.db, actor, { slug: `renamed-${counter}` });
    expect(await portalHostOf(conn.db, domain.hostname)).toMatchObject({ slug: `renamed-${counter}` });

    // An ISP NetSphere suspended serves no portal on its domain.
    await setTenantStatus(conn.db, { userId: "operator", userName: "Operator" }, { tenantId: tenant.id, status: "suspended" });
    expect(await portalHostOf(conn.db, domain.hostname)).toBeNull();
  });

  it("removing a domain stops it serving the portal at once (audited); another ISP's domain is not found", async () => {
    const { ctx, actor, domain, tenant, token } = await ispWithDomain();
    await verifyPortalDomain(
      ctx.owner.db,
      actor,
      { domainId: domain.id },
      { resolver: fakeDns({ [domain.records.txtName]: [[`netsphere-verify=${token}`]] }) },
    );
    expect(await portalHostOf(conn.db, domain.hostname)).not.toBeNull();

    const rival = await createTenantFixture(conn.db, { name: "Rival Net" });
    const rivalActor = actorOf(rival.ctx.owner);
    await expect(removePortalDomain(rival.ctx.owner.db, rivalActor, { domainId: domain.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(verifyPortalDomain(rival.ctx.owner.db, rivalActor, { domainId: domain.id }, { resolver: fakeDns({}) })).rejects.toMatchObject({
      code: "not_found",
    });

    expect(await removePortalDomain(ctx.owner.db, actor, { domainId: domain.id })).toEqual({ hostname: domain.hostname });
    expect(await portalHostOf(conn.db, domain.hostname)).toBeNull();
    expect(await listPortalDomains(ctx.owner.db, { tenantId: tenant.id })).toEqual([]);
    const [removed] = await conn.db
      .select({ before: auditLog.before })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "portal.domain_removed")));
    expect(removed.before).toEqual({ hostname: domain.hostname, verified: true });
  });
});

describe("re-checking verified domains", () => {
  it("tells owners once when the record goes, keeps serving for three days, then stops; a DNS outage proves nothing", async () => {
    const { tenant, ctx, actor, domain, token } = await ispWithDomain("portal.relapse.ph");
    const txtName = domain.records.txtName;
    const holding = fakeDns({ [txtName]: [[`netsphere-verify=${token}`]] });
    const t0 = clock.now();
    const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
    await verifyPortalDomain(ctx.owner.db, actor, { domainId: domain.id }, { resolver: holding, now: t0 });
    const rowOf = async () => (await conn.db.select().from(tenantDomains).where(eq(tenantDomains.id, domain.id)))[0];
    const notices = async () =>
      (
        await conn.db
          .select({ event: notificationOutbox.event })
          .from(notificationOutbox)
          .where(
            and(eq(notificationOutbox.tenantId, tenant.id), inArray(notificationOutbox.event, ["portal_domain_failing", "portal_domain_lapsed"])),
          )
      ).map((n) => n.event);

    // Checked an hour ago: not due yet.
    const early = fakeDns({});
    await recheckPortalDomains(conn.db, { resolver: early, now: at(1) });
    expect(early.asked).not.toContain(txtName);

    await recheckPortalDomains(conn.db, { resolver: holding, now: at(7) });
    expect(await rowOf()).toMatchObject({ lastCheckedAt: at(7), lastError: null, failingSince: null });

    // Our DNS server does not answer: noted, but the three days do not start.
    await recheckPortalDomains(conn.db, { resolver: fakeDns({ [txtName]: "ESERVFAIL" }), now: at(14) });
    expect(await rowOf()).toMatchObject({ failingSince: null, verifiedAt: t0 });
    expect((await rowOf()).lastError).toMatch(/failed \(ESERVFAIL\)/);

    // The record is gone: the owner is told once, the domain still serves.
    const gone = fakeDns({});
    await recheckPortalDomains(conn.db, { resolver: gone, now: at(21) });
    const told = await notices();
    expect(told.length).toBeGreaterThan(0); // each owner and admin
    expect(new Set(told)).toEqual(new Set(["portal_domain_failing"]));
    await recheckPortalDomains(conn.db, { resolver: gone, now: at(28) });
    expect(await rowOf()).toMatchObject({ failingSince: at(21), verifiedAt: t0 });
    expect((await rowOf()).lastError).toMatch(/is gone \(it was there when the domain was verified\)/);
    expect(await notices()).toEqual(told);
    forgetPortalHosts();
    expect((await portalHostOf(conn.db, "portal.relapse.ph"))?.tenantId).toBe(tenant.id);

    // Three days after it went: no longer verified, no longer serving, audited, told.
    await recheckPortalDomains(conn.db, { resolver: gone, now: at(21 + 72) });
    expect(await rowOf()).toMatchObject({ verifiedAt: null, failingSince: null });
    expect(await portalHostOf(conn.db, "portal.relapse.ph")).toBeNull();
    expect((await notices()).filter((event) => event === "portal_domain_lapsed")).toHaveLength(told.length);
    expect(await auditActions(tenant.id)).toContain("portal.domain_lapsed");
    // A lapsed domain is not re-checked; verifying it again works as the first time.
    const after = fakeDns({});
    await recheckPortalDomains(conn.db, { resolver: after, now: at(200) });
    expect(after.asked).not.toContain(txtName);
  });

  it("a record that comes back within the three days clears the warning", async () => {
    const { ctx, actor, domain, token } = await ispWithDomain("portal.comeback.ph");
    const txtName = domain.records.txtName;
    const holding = fakeDns({ [txtName]: [[`netsphere-verify=${token}`]] });
    const t0 = clock.now();
    const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
    await verifyPortalDomain(ctx.owner.db, actor, { domainId: domain.id }, { resolver: holding, now: t0 });
    await recheckPortalDomains(conn.db, { resolver: fakeDns({ [txtName]: [["netsphere-verify=someone-else"]] }), now: at(7) });
    const [failing] = await conn.db.select().from(tenantDomains).where(eq(tenantDomains.id, domain.id));
    expect(failing.failingSince).toEqual(at(7));
    expect(failing.lastError).toMatch(/holds "netsphere-verify=someone-else"/);
    await recheckPortalDomains(conn.db, { resolver: holding, now: at(14) });
    await recheckPortalDomains(conn.db, { resolver: holding, now: at(21 + 72) });
    const [back] = await conn.db.select().from(tenantDomains).where(eq(tenantDomains.id, domain.id));
    expect(back).toMatchObject({ verifiedAt: t0, failingSince: null, lastError: null });
  });
});
