import { and, asc, eq } from "drizzle-orm";
import { routers, sites } from "@/lib/routers/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { assertWithinPlan } from "@/lib/tenants/limits";
import { encryptSecret } from "@/lib/core/crypto";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { RouterInput } from "@/lib/routers/rules";
import { routerHostProblem } from "@/lib/routers/reach";
import { alreadyRegistered, assertDeviceKeyFree, deviceKeyOf, isDeviceUniqueViolation } from "@/lib/routers/device";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

type Actor = AuditActor & { tenantId: string };

/** Router rows as the UI may see them: the encrypted password never leaves the server. */
const publicColumns = {
  id: routers.id,
  name: routers.name,
  host: routers.host,
  apiPort: routers.apiPort,
  useTls: routers.useTls,
  transport: routers.transport,
  restPort: routers.restPort,
  username: routers.username,
  siteId: routers.siteId,
  siteName: sites.name,
  latitude: routers.latitude,
  longitude: routers.longitude,
  status: routers.status,
  lastSeenAt: routers.lastSeenAt,
  lastError: routers.lastError,
  tunnelAddress: routers.tunnelAddress,
  createdAt: routers.createdAt,
};

export type RouterSummary = Awaited<ReturnType<typeof listRouters>>[number];

export async function listRouters(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db
    .select(publicColumns)
    .from(routers)
    .leftJoin(sites, eq(sites.id, routers.siteId))
    .where(eq(routers.tenantId, tenantId))
    .orderBy(asc(routers.name));
}

/** One router of the tenant as the UI may see it, with its site's coordinates as a fallback; not_found otherwise. */
export async function getRouter(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }) {
  if (!isUuid(routerId)) throw notFound("Router");
  const [router] = await db
    .select({ ...publicColumns, siteAddress: sites.address, siteLatitude: sites.latitude, siteLongitude: sites.longitude })
    .from(routers)
    .leftJoin(sites, eq(sites.id, routers.siteId))
    .where(and(eq(routers.tenantId, tenantId), eq(routers.id, routerId)));
  if (!router) throw notFound("Router");
  return router;
}

export async function listSites(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db.select().from(sites).where(eq(sites.tenantId, tenantId)).orderBy(asc(sites.name));
}

export async function createSite(db: Db, actor: Actor, input: { name: string; address: string }) {
  try {
    return await db.transaction(async (tx) => {
      const [site] = await tx
        .insert(sites)
        .values({ ...input, tenantId: actor.tenantId })
        .returning();
      await recordAudit(tx, actor, { action: "site.created", entityType: "site", entityId: site.id, after: input });
      return site;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", "A site with this name already exists.", { fieldErrors: { name: ["Already exists"] } });
    throw error;
  }
}

async function assertSiteInTenant(db: DbOrTx, tenantId: string, siteId: string | null) {
  if (!siteId) return;
  const [site] = await db
    .select({ id: sites.id })
    .from(sites)
    .where(and(eq(sites.tenantId, tenantId), eq(sites.id, siteId)));
  if (!site) throw new AppError("validation", "Choose one of your sites.", { fieldErrors: { siteId: ["Unknown site"] } });
}

/** A host typed as an address that NetSphere would never connect to (the server itself in production, its web port) is a field error. */
function assertReachableHost(input: RouterInput) {
  const port = input.transport === "rest" ? (input.restPort ?? 443) : input.apiPort;
  const problem = routerHostProblem(input.host, { port, demo: false });
  if (problem) throw new AppError("validation", problem, { fieldErrors: { host: [problem] } });
}

/** A device (host and port, later its serial number) is registered once in the installation, in any tenant. */
export async function createRouter(db: Db, actor: Actor, input: RouterInput) {
  if (!input.password) throw new AppError("validation", "Some fields need attention.", { fieldErrors: { password: ["Password is required"] } });
  assertReachableHost(input);
  const deviceKey = deviceKeyOf(input);
  try {
    return await db.transaction(async (tx) => {
      await assertWithinPlan(tx, { tenantId: actor.tenantId, addRouters: 1 });
      await assertSiteInTenant(tx, actor.tenantId, input.siteId);
      await assertDeviceKeyFree(tx, actor.tenantId, deviceKey);
      const { password, ...rest } = input;
      const [router] = await tx
        .insert(routers)
        .values({ ...rest, deviceKey, tenantId: actor.tenantId, passwordEncrypted: encryptSecret(password) })
        .returning({ id: routers.id, name: routers.name });
      await recordAudit(tx, actor, { action: "router.created", entityType: "router", entityId: router.id, after: rest });
      return router;
    });
  } catch (error) {
    if (isDeviceUniqueViolation(error)) throw alreadyRegistered(actor.tenantId, null);
    if (isUniqueViolation(error))
      throw new AppError("conflict", `A router named "${input.name}" already exists.`, { fieldErrors: { name: ["Already exists"] } });
    throw error;
  }
}

/** Editing keeps the stored password unless a new one is typed. */
export async function updateRouter(db: Db, actor: Actor, { routerId, input }: { routerId: string; input: RouterInput }) {
  const deviceKey = deviceKeyOf(input);
  try {
    await db.transaction((tx) => saveRouter(tx, actor, routerId, input, deviceKey));
  } catch (error) {
    if (isDeviceUniqueViolation(error)) throw alreadyRegistered(actor.tenantId, null);
    if (isUniqueViolation(error))
      throw new AppError("conflict", `A router named "${input.name}" already exists.`, { fieldErrors: { name: ["Already exists"] } });
    throw error;
  }
}

async function saveRouter(tx: DbOrTx, actor: Actor, routerId: string, input: RouterInput, deviceKey: string) {
  const [before] = await tx
    .select({ ...publicColumns, deviceKey: routers.deviceKey })
    .from(routers)
    .leftJoin(sites, eq(sites.id, routers.siteId))
    .where(and(eq(routers.tenantId, actor.tenantId), eq(routers.id, routerId)));
  if (!before) throw notFound("Router");
  await assertSiteInTenant(tx, actor.tenantId, input.siteId);
  await assertDeviceKeyFree(tx, actor.tenantId, deviceKey, routerId);
  const moved = before.deviceKey !== deviceKey;
  if (moved) assertReachableHost(input);
  const { password, ...rest } = input;
  await tx
    .update(routers)
    // Saving the router's settings re-trusts its certificate: the next TLS connection pins the one it sees.
    // Pointing the record at another address forgets the device identity (and that it was a demo router).
    .set({
      ...rest,
      ...(password ? { passwordEncrypted: encryptSecret(password) } : {}),
      ...(moved ? { deviceKey, deviceId: null, demo: false } : {}),
      tlsFingerprint: null,
      updatedAt: clock.now(),
    })
    .where(and(eq(routers.tenantId, actor.tenantId), eq(routers.id, routerId)));
  await recordAudit(tx, actor, {
    action: "router.updated",
    entityType: "router",
    entityId: routerId,
    before,
    after: { ...rest, passwordChanged: !!password },
  });
}

/**
 * Where NetSphere connects to the router: its tunnel address while it is reached through the WireGuard hub, or its
 * host again (null). Called by lib/tunnels in its own transaction; the changed `updatedAt` reopens the pooled
 * connection at the new address.
 */
export async function setRouterTunnelAddress(
  db: DbOrTx,
  { tenantId, routerId, address }: { tenantId: string; routerId: string; address: string | null },
) {
  await db
    .update(routers)
    .set({ tunnelAddress: address, updatedAt: clock.now() })
    .where(and(eq(routers.tenantId, tenantId), eq(routers.id, routerId)));
}
