/*
 * /api/v1/routers: the ISP's routers as monitoring sees them (read-only). Never the API username, the password or
 * its envelope: an integration learns where a router is and how it is doing, not how to log in to it.
 */
import { z } from "zod";
import { defineEndpoint, type ApiContext } from "@/lib/api/endpoint";
import { idParam, iso, isoTime, listQuery, pageSchema } from "@/lib/api/resources/common";
import { sortParam } from "@/lib/core/cursor";
import { apiRouterSorts, getRouterForApi, pageRoutersForApi, routerStatuses, type ApiRouterRow } from "@/lib/routers/api-reads";
import { announcedRouterVersions } from "@/lib/topology/versions";

export const routerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    host: z.string().describe("Where NetSphere reaches it"),
    site: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    status: z.enum(routerStatuses).describe("As of its last poll"),
    lastSeenAt: isoTime.nullable().describe("Last poll that reached it"),
    lastPolledAt: isoTime.nullable().describe("Last poll, reachable or not"),
    lastError: z.string().nullable().describe("Why the last poll failed, in words"),
    version: z.string().nullable().describe("RouterOS version as its neighbours last heard it announced; null when unknown"),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: "Router" });
export type ApiRouter = z.infer<typeof routerSchema>;

export function toApiRouter(row: ApiRouterRow, version: string | null): ApiRouter {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    site: row.siteId && row.siteName !== null ? { id: row.siteId, name: row.siteName } : null,
    status: row.status,
    lastSeenAt: iso(row.lastSeenAt),
    lastPolledAt: iso(row.lastPolledAt),
    lastError: row.lastError,
    version,
    latitude: row.latitude,
    longitude: row.longitude,
    createdAt: iso(row.createdAt)!,
  };
}

async function withVersions(ctx: ApiContext, rows: ApiRouterRow[]) {
  const versions = await announcedRouterVersions(ctx.db, { tenantId: ctx.tenantId, routerIds: rows.map((row) => row.id) });
  return rows.map((row) => toApiRouter(row, versions.get(row.id) ?? null));
}

export const listRoutersEndpoint = defineEndpoint({
  method: "GET",
  path: "/routers",
  operationId: "listRouters",
  summary: "List routers",
  description: "Your routers with their site and status as of the last poll, a page at a time, by name unless sorted otherwise.",
  tag: "Routers",
  scope: "routers:read",
  query: listQuery.extend({
    status: z.enum(routerStatuses).optional(),
    siteId: z.uuid().optional(),
    sort: sortParam(apiRouterSorts, "name"),
  }),
  response: pageSchema(routerSchema, "RouterPage"),
  handle: async (ctx, { query }) => {
    const page = await pageRoutersForApi(ctx.db, {
      tenantId: ctx.tenantId,
      status: query.status,
      siteId: query.siteId,
      order: query.sort,
      cursor: query.cursor,
      limit: query.limit,
    });
    return { data: await withVersions(ctx, page.data), nextCursor: page.nextCursor };
  },
});

export const getRouterEndpoint = defineEndpoint({
  method: "GET",
  path: "/routers/{id}",
  operationId: "getRouter",
  summary: "Get a router",
  tag: "Routers",
  scope: "routers:read",
  params: idParam,
  response: routerSchema,
  handle: async (ctx, { params }) => (await withVersions(ctx, [await getRouterForApi(ctx.db, { tenantId: ctx.tenantId, routerId: params.id })]))[0],
});
