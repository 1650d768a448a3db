/*
 * The network map, computed purely from what the rooms' queries return: who stands where, who is online, which
 * open incident covers which router and so which subscribers, and where tickets cluster. map.ts reads; this decides.
 */
import {
  SUBSCRIBER_IN_OUTAGE,
  SUBSCRIBER_ONLINE,
  routerStatusCodes,
  subscriberStatusCodes,
  type HeatTuple,
  type NetworkMapData,
  type OutageTuple,
  type RouterStatusName,
  type SubscriberStatusName,
} from "./map-values";

type LatLng = { lat: number; lng: number };

export type MapInput = {
  sites: { id: string; name: string; latitude: number | null; longitude: number | null }[];
  routers: { id: string; name: string; siteId: string | null; latitude: number | null; longitude: number | null; status: RouterStatusName }[];
  customers: { id: string; name: string; accountNumber: string; status: SubscriberStatusName; latitude: number; longitude: number }[];
  subscriptions: { id: string; customerId: string; routerId: string }[];
  online: Set<string>;
  incidents: { id: string; number: number; title: string; severity: string; routerId: string | null; siteId: string | null }[];
  ticketsByCustomer: { customerId: string; tickets: number }[];
};

/** Outage areas are at least this wide around their router, and never wider than a town. */
const MIN_OUTAGE_RADIUS_M = 300;
const MAX_OUTAGE_RADIUS_M = 15_000;
/** Heat cells: 0.005° is about 550 m of latitude here. */
const HEAT_CELL_DEGREES = 0.005;

const EARTH_M = 6_371_000;
export function distanceM(a: LatLng, b: LatLng): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.sqrt(h));
}

/** Six decimals are 11 cm: enough for a house, and shorter to send. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const hasPlace = <T extends { latitude: number | null; longitude: number | null }>(p: T): p is T & { latitude: number; longitude: number } =>
  p.latitude !== null && p.longitude !== null;

/** The routers an incident takes down: its router, or every router of its site. */
export function routersOfIncident(incident: { routerId: string | null; siteId: string | null }, routers: MapInput["routers"]): string[] {
  if (incident.routerId) return routers.some((r) => r.id === incident.routerId) ? [incident.routerId] : [];
  if (incident.siteId) return routers.filter((r) => r.siteId === incident.siteId).map((r) => r.id);
  return [];
}

/** Sums tickets into cells of about 500 m, each drawn at the ticket-weighted centre of its customers. */
export function heatCells(points: { lat: number; lng: number; weight: number }[], cellDegrees = HEAT_CELL_DEGREES): HeatTuple[] {
  const cells = new Map<string, { lat: number; lng: number; weight: number }>();
  for (const p of points) {
    if (p.weight <= 0) continue;
    const key = `${Math.floor(p.lat / cellDegrees)}:${Math.floor(p.lng / cellDegrees)}`;
    const cell = cells.get(key) ?? { lat: 0, lng: 0, weight: 0 };
    cell.lat += p.lat * p.weight;
    cell.lng += p.lng * p.weight;
    cell.weight += p.weight;
    cells.set(key, cell);
  }
  return [...cells.values()].map((c): HeatTuple => [round6(c.lat / c.weight), round6(c.lng / c.weight), c.weight]).sort((a, b) => b[2] - a[2]);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildNetworkMap(input: MapInput): NetworkMapData {
  const siteById = new Map(input.sites.map((s) => [s.id, s]));
  const routerPlace = new Map<string, LatLng>();
  for (const r of input.routers) {
    const site = r.siteId ? siteById.get(r.siteId) : undefined;
    if (hasPlace(r)) routerPlace.set(r.id, { lat: r.latitude, lng: r.longitude });
    else if (site && hasPlace(site)) routerPlace.set(r.id, { lat: site.latitude, lng: site.longitude });
  }

  const routersOfCustomer = new Map<string, string[]>();
  const onlineCustomers = new Set<string>();
  for (const s of input.subscriptions) {
    pushTo(routersOfCustomer, s.customerId, s.routerId);
    if (input.online.has(s.id)) onlineCustomers.add(s.customerId);
  }
  const customersOfRouter = new Map<string, MapInput["customers"]>();
  for (const c of input.customers) {
    for (const routerId of new Set(routersOfCustomer.get(c.id))) pushTo(customersOfRouter, routerId, c);
  }

  const downRouters = new Set<string>();
  const downSites = new Set<string>();
  const outages: OutageTuple[] = [];
  for (const incident of input.incidents) {
    const routerIds = routersOfIncident(incident, input.routers);
    routerIds.forEach((id) => downRouters.add(id));
    if (incident.siteId) downSites.add(incident.siteId);
    const affected = [...new Map(routerIds.flatMap((id) => customersOfRouter.get(id) ?? []).map((c) => [c.id, c])).values()];
    const places = affected.map((c) => ({ lat: c.latitude, lng: c.longitude }));
    const site = incident.siteId ? siteById.get(incident.siteId) : undefined;
    const anchor =
      routerIds.map((id) => routerPlace.get(id)).find((p) => p !== undefined) ??
      (site && hasPlace(site) ? { lat: site.latitude, lng: site.longitude } : undefined) ??
      (places.length > 0
        ? { lat: places.reduce((sum, p) => sum + p.lat, 0) / places.length, lng: places.reduce((sum, p) => sum + p.lng, 0) / places.length }
        : undefined);
    if (!anchor) continue;
    const reach = places.reduce((widest, p) => Math.max(widest, distanceM(anchor, p) + 50), MIN_OUTAGE_RADIUS_M);
    outages.push([
      incident.id,
      incident.number,
      incident.title,
      incident.severity,
      round6(anchor.lat),
      round6(anchor.lng),
      Math.round(Math.min(MAX_OUTAGE_RADIUS_M, reach)),
      affected.length,
    ]);
  }

  const routerSites = new Map(input.routers.map((r) => [r.id, r.siteId]));
  const sites = input.sites
    .filter(hasPlace)
    .map((s): NetworkMapData["sites"][number] => [
      s.id,
      s.name,
      round6(s.latitude),
      round6(s.longitude),
      downSites.has(s.id) || [...downRouters].some((id) => routerSites.get(id) === s.id) ? 1 : 0,
    ]);
  const routers = input.routers.flatMap((r): NetworkMapData["routers"] => {
    const place = routerPlace.get(r.id);
    if (!place) return [];
    return [[r.id, r.name, round6(place.lat), round6(place.lng), routerStatusCodes.indexOf(r.status), r.siteId, downRouters.has(r.id) ? 1 : 0]];
  });
  const subscribers = input.customers.map((c): NetworkMapData["subscribers"][number] => {
    const inOutage = (routersOfCustomer.get(c.id) ?? []).some((id) => downRouters.has(id));
    const flags = (onlineCustomers.has(c.id) ? SUBSCRIBER_ONLINE : 0) | (inOutage ? SUBSCRIBER_IN_OUTAGE : 0);
    return [c.id, c.name, c.accountNumber, round6(c.latitude), round6(c.longitude), subscriberStatusCodes.indexOf(c.status), flags];
  });

  const placeOfCustomer = new Map(input.customers.map((c) => [c.id, c]));
  const heat = heatCells(
    input.ticketsByCustomer.flatMap(({ customerId, tickets }) => {
      const c = placeOfCustomer.get(customerId);
      return c ? [{ lat: c.latitude, lng: c.longitude, weight: tickets }] : [];
    }),
  );

  return {
    sites,
    routers,
    subscribers,
    outages,
    heat,
    bounds: boundsOf(
      [...sites, ...routers].map((t) => [t[2], t[3]]),
      subscribers,
    ),
  };
}

function boundsOf(places: [number, number][], subscribers: NetworkMapData["subscribers"]): NetworkMapData["bounds"] {
  let south = Infinity;
  let west = Infinity;
  let north = -Infinity;
  let east = -Infinity;
  const take = (lat: number, lng: number) => {
    south = Math.min(south, lat);
    north = Math.max(north, lat);
    west = Math.min(west, lng);
    east = Math.max(east, lng);
  };
  for (const [lat, lng] of places) take(lat, lng);
  for (const s of subscribers) take(s[3], s[4]);
  return Number.isFinite(south)
    ? [
        [south, west],
        [north, east],
      ]
    : null;
}
