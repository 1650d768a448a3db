import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { hashPassword } from "better-auth/crypto";
import { tenants } from "@/lib/tenants/schema";
import { accounts, users, type StaffRole } from "@/lib/auth/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers, sites } from "@/lib/routers/schema";
import { customers, leads, type CustomerStatus } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { buildSearchText } from "@/lib/customers/rules";
import { formatAccountNumber } from "@/lib/tenants/rules";
import { allocateSlug } from "@/lib/tenants/slugs";
import { encryptSecret, generateServicePassword } from "@/lib/core/crypto";
import { recordAudit } from "@/lib/audit/record";
import { seedDemoBilling } from "@/lib/billing/demo";
import { seedDemoTickets } from "@/lib/tickets/demo";
import { seedDemoTraffic } from "@/lib/monitoring/demo";
import { seedDemoAnomalies } from "@/lib/analytics/anomaly-demo";
import { seedDemoTopology } from "@/lib/topology/demo";
import { seedDemoIncidents } from "@/lib/alerts/demo";
import { seedDemoIpam } from "@/lib/ipam/demo";
import { seedDemoQuotas } from "@/lib/quotas/demo";
import { seedDemoChurnHistory } from "./demo-churn";
import { GB } from "@/lib/quotas/rules";
import { seedPortalDemo } from "@/lib/portal/accounts";
import { seedDemoNetsphere, seedLapsedNetsphere } from "@/lib/tenants/demo";
import { portalUrlsOf } from "@/lib/portal/branding";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { deviceKeyOf } from "@/lib/routers/device";

export const DEMO_PASSWORD = "NetSphere-demo-2026";
export const demoLogins: { email: string; role: StaffRole | "platform operator" }[] = [
  { email: "owner@demo.netsphere.ph", role: "owner" },
  { email: "admin@demo.netsphere.ph", role: "admin" },
  { email: "billing@demo.netsphere.ph", role: "billing" },
  { email: "support@demo.netsphere.ph", role: "support" },
  { email: "tech@demo.netsphere.ph", role: "technician" },
  { email: "operator@netsphere.ph", role: "platform operator" },
];

/** The owner of the demo's second ISP, whose NetSphere account is read-only (an invoice long overdue). */
export const LAPSED_OWNER_EMAIL = "owner@skyline.netsphere.ph";

const firstNames = [
  "Juan",
  "Maria",
  "Jose",
  "Ana",
  "Mark",
  "Kristine",
  "Paolo",
  "Liza",
  "Rommel",
  "Grace",
  "Jerome",
  "Aileen",
  "Noel",
  "Joy",
  "Ramon",
  "Cecilia",
  "Arnel",
  "Mylene",
  "Dennis",
  "Rowena",
];
const lastNames = [
  "Dela Cruz",
  "Santos",
  "Reyes",
  "Garcia",
  "Mendoza",
  "Bautista",
  "Villanueva",
  "Ramos",
  "Aquino",
  "Castillo",
  "Flores",
  "Torres",
  "Navarro",
  "Gonzales",
  "Lopez",
  "Domingo",
];
/** Where demo customers live; `site` is the index of the site (and router) that serves the area, for the map's outages. */
const areas = [
  { barangay: "Poblacion", city: "Tanauan", lat: 14.086, lng: 121.149, site: 0 },
  { barangay: "San Jose", city: "Lipa", lat: 13.941, lng: 121.163, site: 1 },
  { barangay: "Sabang", city: "Lipa", lat: 13.956, lng: 121.158, site: 1 },
  { barangay: "Banaba", city: "Santo Tomas", lat: 14.108, lng: 121.141, site: 2 },
  { barangay: "Darasa", city: "Tanauan", lat: 14.094, lng: 121.131, site: 0 },
];
const tagsPool = ["fiber", "wireless", "vip", "senior", "business", "promo-2026"];

/** Deterministic pseudo-random numbers, so the demo data is the same on every machine. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

/** How a demo subscriber signs in to the portal (the demo ISP's own link, an account number, the demo password). */
export async function demoPortalLine(db: Db): Promise<string> {
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.email, "owner@demo.netsphere.ph"));
  if (!tenant) return "";
  const { signIn } = await portalUrlsOf(db, { tenantId: tenant.id });
  return `Subscriber portal: ${signIn} (account ACC-000001 or any demo account, same password)`;
}

/**
 * Seeds the demo ISP unless it exists. Returns false when there was nothing to do. Its routers are marked `demo`
 * (never contacted while DEMO_ROUTERS=false) and point at 127.0.0.1 from DEMO_ROUTER_PORT_BASE on.
 */
export async function seedDemo(db: Db, { routerPortBase = env().DEMO_ROUTER_PORT_BASE }: { routerPortBase?: number } = {}): Promise<boolean> {
  const [existing] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.email, "owner@demo.netsphere.ph"));
  if (existing) return false;
  const random = rng(42);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  // The whole demo appears at once or not at all.
  const tenantId = await db.transaction(async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({
        name: "Batangas Fiber Net",
        slug: await allocateSlug(tx, "Batangas Fiber Net"),
        legalName: "Batangas Fiber Net Internet Services Inc.",
        address: "123 J.P. Laurel Hwy, Tanauan City, Batangas",
        tin: "123-456-789-000",
        contactName: "Ramon Villanueva",
        contactPhone: "0917 555 0100",
        email: "owner@demo.netsphere.ph",
        saasPlanId: "cloud-server",
        onboardingStep: "done",
      })
      .returning();

    for (const login of demoLogins) {
      const id = randomUUID();
      const isOperator = login.role === "platform operator";
      await tx.insert(users).values({
        id,
        name: isOperator ? "NetSphere Operator" : `Demo ${login.role[0].toUpperCase()}${login.role.slice(1)}`,
        email: login.email,
        emailVerified: true,
        tenantId: isOperator ? null : tenant.id,
        role: isOperator ? null : (login.role as StaffRole),
        platformOperator: isOperator,
      });
      await tx.insert(accounts).values({ id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: passwordHash });
    }

    const planRows = await tx
      .insert(servicePlans)
      .values([
        { tenantId: tenant.id, name: "Fiber 25", type: "pppoe" as const, downloadKbps: 25_000, uploadKbps: 25_000, priceCentavos: 99_900 },
        { tenantId: tenant.id, name: "Fiber 50", type: "pppoe" as const, downloadKbps: 50_000, uploadKbps: 50_000, priceCentavos: 129_900 },
        {
          tenantId: tenant.id,
          name: "Fiber 100",
          type: "pppoe" as const,
          downloadKbps: 100_000,
          uploadKbps: 100_000,
          priceCentavos: 169_900,
          burstDownloadKbps: 150_000,
          burstUploadKbps: 150_000,
          burstThresholdDownloadKbps: 80_000,
          burstThresholdUploadKbps: 80_000,
          burstTimeSeconds: 16,
        },
        {
          tenantId: tenant.id,
          name: "Wireless 10",
          type: "pppoe" as const,
          downloadKbps: 10_000,
          uploadKbps: 5_000,
          priceCentavos: 69_900,
          // Fair use: 100 GB a cycle, then 1 Mbps down / 512 kbps up until it renews or a top-up (lib/quotas/demo.ts).
          quotaBytes: 100 * GB,
          quotaAction: "throttle" as const,
          quotaThrottleRate: "512k/1M",
        },
        { tenantId: tenant.id, name: "Hotspot Day Pass", type: "hotspot" as const, downloadKbps: 5_000, uploadKbps: 2_000, priceCentavos: 2_000 },
        {
          tenantId: tenant.id,
          name: "Business Static 200",
          type: "static" as const,
          downloadKbps: 200_000,
          uploadKbps: 200_000,
          priceCentavos: 499_900,
          taxInclusive: false,
        },
      ])
      .returning();

    const siteRows = await tx
      .insert(sites)
      .values([
        { tenantId: tenant.id, name: "Tanauan POP", address: "J.P. Laurel Hwy, Tanauan", latitude: 14.086, longitude: 121.149 },
        { tenantId: tenant.id, name: "Lipa Tower", address: "Sabang, Lipa", latitude: 13.956, longitude: 121.158 },
        { tenantId: tenant.id, name: "Santo Tomas Hub", address: "Banaba, Santo Tomas", latitude: 14.108, longitude: 121.141 },
      ])
      .returning();
    const routerRows = await tx
      .insert(routers)
      .values(
        siteRows.map((site, i) => ({
          tenantId: tenant.id,
          siteId: site.id,
          name: `${site.name.split(" ")[0]}-CCR${i + 1}`,
          host: "127.0.0.1",
          apiPort: routerPortBase + i,
          deviceKey: deviceKeyOf({ host: "127.0.0.1", apiPort: routerPortBase + i }),
          demo: true,
          username: "netsphere",
          passwordEncrypted: encryptSecret(`demo-router-${i + 1}`),
          // In the site's equipment room, a few metres from its marker, so both show on the map.
          latitude: site.latitude! + 0.0003,
          longitude: site.longitude! + 0.0003,
        })),
      )
      .returning();

    const statuses: CustomerStatus[] = ["active", "active", "active", "active", "active", "active", "suspended", "suspended", "terminated", "lead"];
    const customerSites: number[] = [];
    const customerRows = Array.from({ length: 300 }, (_, i) => {
      const area = pick(areas);
      const name = `${pick(firstNames)} ${pick(lastNames)}`;
      const accountNumber = formatAccountNumber("ACC", i + 1);
      const phone = `09${Math.floor(100000000 + random() * 899999999)}`;
      const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}${i + 1}@example.ph`;
      const serviceAddress = `${Math.floor(random() * 300) + 1} Purok ${Math.floor(random() * 7) + 1}`;
      const tags = random() < 0.4 ? [pick(tagsPool)] : [];
      const fields = { accountNumber, name, phone, email, serviceAddress, barangay: area.barangay, city: area.city };
      customerSites.push(area.site);
      return {
        ...fields,
        tenantId: tenant.id,
        latitude: area.lat + (random() - 0.5) / 100,
        longitude: area.lng + (random() - 0.5) / 100,
        tags,
        status: statuses[i % statuses.length],
        searchText: buildSearchText(fields, [accountNumber.toLowerCase()]),
        createdAt: new Date(clock.ms() - (300 - i) * 86_400_000 * 0.9),
      };
    });
    const inserted = await tx
      .insert(customers)
      .values(customerRows)
      .returning({ id: customers.id, accountNumber: customers.accountNumber, status: customers.status, createdAt: customers.createdAt });
    await tx.update(tenants).set({ nextAccountSeq: 301 }).where(eq(tenants.id, tenant.id));

    const siteOfAccount = new Map(customerRows.map((c, k) => [c.accountNumber, customerSites[k]]));
    const subs = inserted
      .filter((c) => c.status !== "lead")
      .map((c, i) => {
        const plan = planRows[i % 4];
        return {
          tenantId: tenant.id,
          customerId: c.id,
          planId: plan.id,
          // Each subscriber hangs off the router of the site serving their area: an outage then has a place.
          routerId: routerRows[siteOfAccount.get(c.accountNumber)!].id,
          username: c.accountNumber.toLowerCase(),
          passwordEncrypted: encryptSecret(generateServicePassword()),
          startDate: c.createdAt.toISOString().slice(0, 10),
          status: c.status === "active" ? ("active" as const) : c.status === "suspended" ? ("suspended" as const) : ("terminated" as const),
        };
      });
    await tx.insert(subscriptions).values(subs);

    await tx.insert(leads).values([
      {
        tenantId: tenant.id,
        name: "Elena Magsino",
        phone: "0918 222 3344",
        serviceAddress: "45 Purok 2, Darasa",
        barangay: "Darasa",
        city: "Tanauan",
        source: "Facebook page",
        stage: "new",
      },
      {
        tenantId: tenant.id,
        name: "Carlo Ilagan",
        phone: "0927 555 1212",
        serviceAddress: "8 Mabini St, Poblacion",
        barangay: "Poblacion",
        city: "Tanauan",
        source: "Referral",
        stage: "contacted",
      },
      {
        tenantId: tenant.id,
        name: "Sunrise Bakery",
        phone: "043 778 1234",
        email: "sunrise.bakery@example.ph",
        serviceAddress: "Banaba Road",
        barangay: "Banaba",
        city: "Santo Tomas",
        source: "Walk-in",
        stage: "site_survey",
      },
    ]);
    await recordAudit(
      tx,
      { tenantId: tenant.id, userName: "system" },
      {
        action: "tenant.seeded",
        entityType: "tenant",
        entityId: tenant.id,
        after: { customers: 300, plans: planRows.length, routers: routerRows.length },
      },
    );
    return tenant.id;
  });
  await seedDemoBilling(db, { tenantId });
  await seedDemoTickets(db, { tenantId });
  await seedDemoTraffic(db, { tenantId });
  await seedDemoTopology(db, { tenantId });
  await seedDemoIncidents(db, { tenantId });
  await seedDemoAnomalies(db, { tenantId });
  await seedDemoIpam(db, { tenantId });
  await seedDemoQuotas(db, { tenantId });
  await seedDemoChurnHistory(db, { tenantId });
  await seedPortalDemo(db, tenantId);
  await seedDemoNetsphere(db, { tenantId });
  await seedLapsedIsp(db, passwordHash);
  return true;
}

/** A second, small demo ISP whose NetSphere invoice is long overdue: its account is read-only (lib/tenants/demo.ts). */
async function seedLapsedIsp(db: Db, passwordHash: string) {
  const tenantId = await db.transaction(async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({
        name: "Quezon Skyline Net",
        slug: "quezon-skyline-net",
        legalName: "Quezon Skyline Net Corp.",
        address: "8 Maharlika Hwy, Lucena City, Quezon",
        tin: "234-567-891-000",
        contactName: "Lorna Skyline",
        contactPhone: "0917 555 0200",
        email: LAPSED_OWNER_EMAIL,
        saasPlanId: "basic",
        onboardingStep: "done",
      })
      .returning();
    const id = randomUUID();
    await tx.insert(users).values({ id, name: "Lorna Skyline", email: LAPSED_OWNER_EMAIL, emailVerified: true, tenantId: tenant.id, role: "owner" });
    await tx.insert(accounts).values({ id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: passwordHash });
    return tenant.id;
  });
  await seedLapsedNetsphere(db, { tenantId });
}

/**
 * Moves the demo's routers to DEMO_ROUTER_PORT_BASE when a database seeded with another base starts again, so
 * they keep pointing at this instance's simulators. A port held by another router record is left as it was.
 */
export async function alignDemoRouterPorts(db: Db, base: number): Promise<void> {
  const rows = await db
    .select({ id: routers.id, apiPort: routers.apiPort })
    .from(routers)
    .where(eq(routers.demo, true))
    .orderBy(asc(routers.apiPort));
  if (rows.length === 0 || rows[0].apiPort === base) return;
  const shift = base - rows[0].apiPort;
  // Upwards from the top, downwards from the bottom, so no step lands on a port the next one still holds.
  for (const row of shift > 0 ? rows.reverse() : rows) {
    const apiPort = row.apiPort + shift;
    try {
      await db
        .update(routers)
        .set({ apiPort, deviceKey: deviceKeyOf({ host: "127.0.0.1", apiPort }), deviceId: null, updatedAt: clock.now() })
        .where(eq(routers.id, row.id));
    } catch (error) {
      logger.warn({ err: error, routerId: row.id, apiPort }, "demo router port not moved");
    }
  }
}
