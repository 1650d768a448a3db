/*
 * Which ISP a custom domain serves: asked by the proxy for every page request on a host that is not our own, by the
 * portal's routes and by `GET /api/domains/check`. Answers (found or not) are kept in this process for 30 s, so a
 * busy portal costs one query per host per 30 s; a change made in this process (a domain verified or removed, a slug
 * changed) forgets them at once, other processes follow within the 30 s. The memory lives on globalThis: the proxy
 * and the route handlers are separate bundles in one process.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import { clock } from "@/lib/core/clock";
import type { DbOrTx } from "@/lib/db/types";
import { tenantDomains, tenants } from "./schema";

export type PortalHost = { hostname: string; tenantId: string; slug: string };

export const HOST_CACHE_MS = 30_000;
/** Unknown hosts are remembered too (anyone can send any Host header); past this many the oldest go first. */
const MAX_ENTRIES = 2_000;

type Entry = { at: number; value: PortalHost | null };
const CACHE_KEY = Symbol.for("netsphere.portal-hosts");
type Holder = { [CACHE_KEY]?: Map<string, Entry> };
const cache = () => ((globalThis as Holder)[CACHE_KEY] ??= new Map());

/** The active ISP whose verified domain `hostname` is (lowercase, no port), or null. Use the owner's handle: the tenant is what is asked. */
export async function portalHostOf(db: DbOrTx, hostname: string, now = clock.ms()): Promise<PortalHost | null> {
  const memory = cache();
  const known = memory.get(hostname);
  if (known && now - known.at < HOST_CACHE_MS) return known.value;
  const [row] = await db
    .select({ hostname: tenantDomains.hostname, tenantId: tenants.id, slug: tenants.slug })
    .from(tenantDomains)
    .innerJoin(tenants, eq(tenants.id, tenantDomains.tenantId))
    .where(and(eq(tenantDomains.hostname, hostname), isNotNull(tenantDomains.verifiedAt), eq(tenants.status, "active"), isNotNull(tenants.slug)));
  const value = row ? { hostname: row.hostname, tenantId: row.tenantId, slug: row.slug! } : null;
  memory.delete(hostname);
  if (memory.size >= MAX_ENTRIES) memory.delete(memory.keys().next().value!);
  memory.set(hostname, { at: now, value });
  return value;
}

/** Forgets every remembered host: after a domain or slug changed in this process. */
export function forgetPortalHosts(): void {
  cache().clear();
}
