/*
 * The network map's payload, shared by the server that builds it and the browser that draws it: compact arrays
 * (a tuple per object, statuses as small codes) so that 10,000 subscribers travel as a few hundred kilobytes
 * before gzip instead of megabytes of repeated keys. No Drizzle, no zod here.
 */

/** Codes of a customer's status in `SubscriberTuple` (the order of `customerStatuses`). */
export const subscriberStatusCodes = ["lead", "active", "suspended", "terminated"] as const;
export type SubscriberStatusName = (typeof subscriberStatusCodes)[number];
export const subscriberStatusLabels: Record<SubscriberStatusName, string> = {
  lead: "Prospect",
  active: "Active",
  suspended: "Suspended",
  terminated: "Terminated",
};

/** Codes of a router's polled status in `RouterTuple`. */
export const routerStatusCodes = ["unknown", "online", "offline", "degraded"] as const;
export type RouterStatusName = (typeof routerStatusCodes)[number];
export const routerStatusLabels: Record<RouterStatusName, string> = {
  unknown: "Not polled yet",
  online: "Online",
  offline: "Offline",
  degraded: "Degraded",
};

/** Bits of a subscriber's `flags`. */
export const SUBSCRIBER_ONLINE = 1;
export const SUBSCRIBER_IN_OUTAGE = 2;

/** [id, name, latitude, longitude, in an outage area (0/1)] */
export type SiteTuple = [id: string, name: string, lat: number, lng: number, inOutage: 0 | 1];
/** [id, name, latitude, longitude, status code, site id, in an outage (0/1)]; a router without coordinates stands at its site. */
export type RouterTuple = [id: string, name: string, lat: number, lng: number, status: number, siteId: string | null, inOutage: 0 | 1];
/** [customer id, name, account number, latitude, longitude, status code, flags] */
export type SubscriberTuple = [id: string, name: string, account: string, lat: number, lng: number, status: number, flags: number];
/** [incident id, number, title, severity, centre latitude, centre longitude, radius in metres, subscribers affected] */
export type OutageTuple = [id: string, number: number, title: string, severity: string, lat: number, lng: number, radiusM: number, affected: number];
/** [latitude, longitude, tickets]: tickets opened in the last 30 days, summed over a cell of about 500 m. */
export type HeatTuple = [lat: number, lng: number, tickets: number];

export type NetworkMapData = {
  sites: SiteTuple[];
  routers: RouterTuple[];
  subscribers: SubscriberTuple[];
  outages: OutageTuple[];
  heat: HeatTuple[];
  /** [[south, west], [north, east]] around everything drawn; null when nothing has coordinates. */
  bounds: [[number, number], [number, number]] | null;
};

/** Where the map's tiles come from (see lib/core/map-tiles.ts): an XYZ URL template or a raster PMTiles archive. */
export type MapTileSource = { kind: "xyz" | "pmtiles"; url: string; attribution: string; attributionUrl: string | null; maxZoom: number };
