/*
 * The demo ISP's address plan: its private 10/8 with each router's PPPoE block (the pools the demo routers hand
 * out dynamically), and a CGNAT block with a pool for static addresses, so the IP addresses page has a tree and
 * staff can give a subscriber a static address from a pool.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { routers } from "@/lib/routers/schema";
import { ipPools, ipPrefixes } from "./schema";

export async function seedDemoIpam(db: Db, { tenantId }: { tenantId: string }) {
  const routerRows = await db.select({ name: routers.name, siteId: routers.siteId }).from(routers).where(eq(routers.tenantId, tenantId)).orderBy(asc(routers.apiPort));
  await db.insert(ipPrefixes).values([
    { tenantId, prefix: "10.0.0.0/8", version: 4, status: "container", description: "Private: subscriber PPPoE blocks" },
    { tenantId, prefix: "100.64.0.0/10", version: 4, status: "container", description: "Shared address space (CGNAT)" },
    { tenantId, prefix: "2001:db8::/32", version: 6, status: "reserved", description: "IPv6 allocation, not yet routed" },
  ]);
  // The demo seed numbers each router's PPPoE pool 10.<n>.0.2–10.<n>.3.254 (lib/routeros/simulator/demo-seed.ts).
  for (const [index, router] of routerRows.entries()) {
    const n = index + 1;
    const [block] = await db
      .insert(ipPrefixes)
      .values({ tenantId, prefix: `10.${n}.0.0/22`, version: 4, status: "active", siteId: router.siteId, vlan: "110", description: `${router.name} PPPoE` })
      .returning();
    await db.insert(ipPools).values({ tenantId, prefixId: block.id, name: "pppoe-pool", range: `10.${n}.0.2-10.${n}.3.254`, description: `Dynamic, handed out by ${router.name}` });
  }
  const [statics] = await db
    .insert(ipPrefixes)
    .values({ tenantId, prefix: "100.64.0.0/24", version: 4, status: "active", description: "Static addresses for business subscribers" })
    .returning();
  await db.insert(ipPools).values({ tenantId, prefixId: statics.id, name: "static-pool", range: "100.64.0.10-100.64.0.250", quarantineDays: 30 });
}
