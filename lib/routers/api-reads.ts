/*
 * Routers as the public API lists them: a page at a time by cursor, with their site. Only what an integration may
 * know: never the API username, the password or its envelope, nor the connection details beyond the host.
 */
import { and, eq, type SQL } from "drizzle-orm";
import { cursorValue, keyset, pageOf, type SortOrder } from "@/lib/core/cursor";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { routers, sites } from "./schema";

export const apiRouterSorts = ["name", "createdAt"] as const;
export const routerStatuses = ["online", "degraded", "offline", "unknown"] as const;
export type RouterStatus = (typeof routerStatuses)[number];

const apiColumns = {
  id: routers.id,
  name: routers.name,
  host: routers.host,
  siteId: routers.siteId,
  siteName: sites.name,
  status: routers.status,
  lastSeenAt: routers.lastSeenAt,
  lastPolledAt: routers.lastPolledAt,
  lastError: routers.lastError,
  latitude: routers.latitude,
  longitude: routers.longitude,
  createdAt: routers.createdAt,
};

const sortColumns = { name: routers.name, createdAt: routers.createdAt };

export async function pageRoutersForApi(
  db: DbOrTx,
  input: { tenantId: string; status?: RouterStatus; siteId?: string; order: SortOrder; cursor?: string; limit: number },
) {
  const column = sortColumns[input.order.field as keyof typeof sortColumns] ?? routers.name;
  const { where, orderBy } = keyset(column, routers.id, input.order, input.cursor);
  const filters: (SQL | undefined)[] = [eq(routers.tenantId, input.tenantId), where];
  if (input.status) filters.push(eq(routers.status, input.status));
  if (input.siteId) filters.push(eq(routers.siteId, input.siteId));
  const rows = await db
    .select({ router: apiColumns, at: cursorValue(column) })
    .from(routers)
    .leftJoin(sites, and(eq(sites.id, routers.siteId), eq(sites.tenantId, input.tenantId)))
    .where(and(...filters))
    .orderBy(...orderBy)
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (row) => ({ v: row.at, id: row.router.id }));
  return { data: page.data.map((row) => row.router), nextCursor: page.nextCursor };
}

export async function getRouterForApi(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }) {
  if (!isUuid(routerId)) throw notFound("Router");
  const [router] = await db
    .select(apiColumns)
    .from(routers)
    .leftJoin(sites, and(eq(sites.id, routers.siteId), eq(sites.tenantId, tenantId)))
    .where(and(eq(routers.tenantId, tenantId), eq(routers.id, routerId)));
  if (!router) throw notFound("Router");
  return router;
}

export type ApiRouterRow = Awaited<ReturnType<typeof getRouterForApi>>;
