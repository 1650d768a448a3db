/*
 * The network map drawn with Leaflet, loaded only when the map page asks for it (with Leaflet's own stylesheet,
 * bundled, and supercluster). Subscribers are grouped into clusters below street level and drawn on one canvas,
 * so 10,000 of them pan smoothly; routers and sites are keyboard-reachable markers with a name and a status glyph.
 */
import "leaflet/dist/leaflet.css";
import L from "leaflet";
import Supercluster, { type ClusterProperties } from "supercluster";
import {
  SUBSCRIBER_IN_OUTAGE,
  SUBSCRIBER_ONLINE,
  routerStatusCodes,
  routerStatusLabels,
  subscriberStatusCodes,
  subscriberStatusLabels,
  type MapTileSource,
  type NetworkMapData,
  type SubscriberStatusName,
} from "@/lib/topology/map-values";
import { heatColour, outageColour, routerLooks, siteColour, subscriberColours } from "./map-style";

export type MapLayerName = "sites" | "routers" | "subscribers" | "outages" | "heat";
export type MapView = { layers: Record<MapLayerName, boolean>; statuses: Record<SubscriberStatusName, boolean> };

export type NetworkMapController = { show(view: MapView): void; destroy(): void };

/** Below this zoom subscribers are clustered; from it on each one is drawn. */
const CLUSTER_MAX_ZOOM = 15;
/** The area the demo ISP serves, for a tenant with nothing on the map yet (Tanauan, Batangas). */
const FALLBACK_CENTRE: L.LatLngExpression = [14.086, 121.149];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

async function tileLayerFor(tiles: MapTileSource): Promise<L.Layer> {
  const credit = tiles.attributionUrl
    ? `<a href="${escapeHtml(tiles.attributionUrl)}" target="_blank" rel="noreferrer">${escapeHtml(tiles.attribution)}</a>`
    : escapeHtml(tiles.attribution);
  if (tiles.kind === "pmtiles") {
    // pmtiles' Leaflet adapter extends the global L that Leaflet sets when it loads.
    const { PMTiles, leafletRasterLayer } = await import("pmtiles");
    return leafletRasterLayer(new PMTiles(tiles.url), { maxZoom: tiles.maxZoom, attribution: credit }) as unknown as L.Layer;
  }
  return L.tileLayer(tiles.url, { maxZoom: tiles.maxZoom, attribution: credit });
}

function routerIcon(name: string, status: number, inOutage: boolean) {
  const statusName = routerStatusCodes[status] ?? "unknown";
  const look = routerLooks[statusName];
  const ring = inOutage ? `box-shadow:0 0 0 3px ${outageColour};` : "box-shadow:0 0 0 1px #111827;";
  return L.divIcon({
    className: "",
    iconSize: [24, 24],
    // Drawn just above its point, so the cluster of its own subscribers around it stays readable.
    iconAnchor: [12, 34],
    html: `<span style="display:flex;align-items:center;justify-content:center;width:24px;height:24px;border-radius:5px;border:2px solid #fff;${ring}background:${look.colour};color:#fff;font:700 13px/1 system-ui,sans-serif" aria-hidden="true">${look.glyph}</span><span class="sr-only">Router ${escapeHtml(name)}, ${routerStatusLabels[statusName]}${inOutage ? ", in an outage" : ""}</span>`,
  });
}

function siteIcon(name: string, inOutage: boolean) {
  const ring = inOutage ? `box-shadow:0 0 0 3px ${outageColour};` : "box-shadow:0 0 0 1px #111827;";
  return L.divIcon({
    className: "",
    iconSize: [22, 22],
    // Just below its point, for the same reason.
    iconAnchor: [11, -14],
    html: `<span style="display:block;width:16px;height:16px;margin:3px;transform:rotate(45deg);border:2px solid #fff;${ring}background:${siteColour}" aria-hidden="true"></span><span class="sr-only">Site ${escapeHtml(name)}${inOutage ? ", in an outage" : ""}</span>`,
  });
}

function clusterIcon(count: number, outage: number) {
  const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 48;
  const ring = outage > 0 ? outageColour : "#1e40af";
  return L.divIcon({
    className: "",
    iconSize: [size, size],
    html: `<span data-map-cluster="${count}" style="display:flex;align-items:center;justify-content:center;width:${size}px;height:${size}px;border-radius:999px;background:rgba(255,255,255,.92);border:4px solid ${ring};color:#111827;font:700 12px/1 system-ui,sans-serif">${count}</span>`,
  });
}

type SubscriberProps = { i: number };
type ClusterProps = { outage: number };

export async function createNetworkMap(
  element: HTMLElement,
  { data, tiles, view }: { data: NetworkMapData; tiles: MapTileSource; view: MapView },
): Promise<NetworkMapController> {
  const map = L.map(element, { preferCanvas: true, maxZoom: tiles.maxZoom, worldCopyJump: true });
  map.createPane("heat").style.zIndex = "350";
  map.createPane("outages").style.zIndex = "380";
  const canvas = L.canvas({ padding: 0.3 });
  (await tileLayerFor(tiles)).addTo(map);
  if (data.bounds) map.fitBounds(data.bounds, { padding: [24, 24], maxZoom: 16 });
  else map.setView(FALLBACK_CENTRE, 13);

  const maxHeat = data.heat.reduce((most, cell) => Math.max(most, cell[2]), 1);
  const heat = L.layerGroup(
    data.heat.map(([lat, lng, tickets]) =>
      L.circle([lat, lng], {
        pane: "heat",
        radius: 350,
        stroke: false,
        fillColor: heatColour,
        fillOpacity: 0.15 + 0.45 * (tickets / maxHeat),
        interactive: false,
      }),
    ),
  );

  const outages = L.layerGroup(
    data.outages.map(([, number, title, severity, lat, lng, radius, affected]) =>
      L.circle([lat, lng], {
        pane: "outages",
        radius,
        color: outageColour,
        weight: 2,
        dashArray: "6 4",
        fillColor: outageColour,
        fillOpacity: 0.12,
      }).bindPopup(
        `<strong>Incident #${number}</strong> (${escapeHtml(severity)})<br>${escapeHtml(title)}<br>${affected} subscriber${affected === 1 ? "" : "s"} behind it<br><a href="/network/incidents">Open incidents</a>`,
      ),
    ),
  );

  const sites = L.layerGroup(
    data.sites.map(([, name, lat, lng, inOutage]) =>
      L.marker([lat, lng], { icon: siteIcon(name, inOutage === 1), keyboard: true, title: `Site ${name}`, zIndexOffset: 100 }).bindPopup(
        `<strong>Site ${escapeHtml(name)}</strong>${inOutage ? "<br>In an outage" : ""}<br>${lat.toFixed(5)}, ${lng.toFixed(5)}`,
      ),
    ),
  );

  const routers = L.layerGroup(
    data.routers.map(([id, name, lat, lng, status, , inOutage]) =>
      L.marker([lat, lng], { icon: routerIcon(name, status, inOutage === 1), keyboard: true, title: `Router ${name}`, zIndexOffset: 200 }).bindPopup(
        `<strong><a href="/routers/${encodeURIComponent(id)}">${escapeHtml(name)}</a></strong><br>${routerStatusLabels[routerStatusCodes[status] ?? "unknown"]}${inOutage ? " · in an outage" : ""}`,
      ),
    ),
  );

  const subscribers = L.layerGroup();
  let index = new Supercluster<SubscriberProps, ClusterProps>();
  const loadIndex = (statuses: MapView["statuses"]) => {
    index = new Supercluster<SubscriberProps, ClusterProps>({
      radius: 60,
      maxZoom: CLUSTER_MAX_ZOOM,
      map: (props) => ({ outage: data.subscribers[props.i][6] & SUBSCRIBER_IN_OUTAGE ? 1 : 0 }),
      reduce: (sum, props) => {
        sum.outage += props.outage;
      },
    });
    index.load(
      data.subscribers.flatMap((s, i) =>
        statuses[subscriberStatusCodes[s[5]] ?? "active"]
          ? [{ type: "Feature" as const, properties: { i }, geometry: { type: "Point" as const, coordinates: [s[4], s[3]] } }]
          : [],
      ),
    );
  };

  const popupOf = (i: number) => {
    const [id, name, account, , , status, flags] = data.subscribers[i];
    const statusName = subscriberStatusCodes[status] ?? "active";
    return `<strong><a href="/customers/${encodeURIComponent(id)}">${escapeHtml(name)}</a></strong><br>${escapeHtml(account)} · ${subscriberStatusLabels[statusName]}<br>${flags & SUBSCRIBER_ONLINE ? "Online now" : "Not online"}${flags & SUBSCRIBER_IN_OUTAGE ? " · in an outage area" : ""}`;
  };

  const drawSubscribers = () => {
    subscribers.clearLayers();
    const b = map.getBounds();
    const zoom = Math.round(map.getZoom());
    for (const feature of index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom)) {
      const [lng, lat] = feature.geometry.coordinates;
      if ("cluster" in feature.properties && feature.properties.cluster) {
        const { cluster_id: clusterId, point_count: count, outage } = feature.properties as ClusterProperties & ClusterProps;
        L.marker([lat, lng], { icon: clusterIcon(count, outage), keyboard: false })
          .on("click", () => map.setView([lat, lng], Math.min(index.getClusterExpansionZoom(clusterId), tiles.maxZoom)))
          .addTo(subscribers);
        continue;
      }
      const i = (feature.properties as SubscriberProps).i;
      const [, , , , , status, flags] = data.subscribers[i];
      const colour = subscriberColours[subscriberStatusCodes[status] ?? "active"];
      const online = (flags & SUBSCRIBER_ONLINE) !== 0;
      if (flags & SUBSCRIBER_IN_OUTAGE)
        L.circleMarker([lat, lng], { renderer: canvas, radius: 11, color: outageColour, weight: 3, fill: false, interactive: false }).addTo(
          subscribers,
        );
      L.circleMarker([lat, lng], { renderer: canvas, radius: 7, color: colour, weight: 3, fillColor: online ? colour : "#fff", fillOpacity: 1 })
        .bindPopup(() => popupOf(i))
        .addTo(subscribers);
    }
  };
  map.on("moveend", drawSubscribers);
  // The zoom level on the box, for whoever needs to know how close the map is (tests, styles).
  const markZoom = () => (element.dataset.mapZoom = String(map.getZoom()));
  map.on("zoomend", markZoom);
  markZoom();

  const layers: Record<MapLayerName, L.LayerGroup> = { heat, outages, subscribers, sites, routers };
  let statusesShown = "";
  const controller: NetworkMapController = {
    show(next) {
      const key = JSON.stringify(next.statuses);
      if (key !== statusesShown) {
        statusesShown = key;
        loadIndex(next.statuses);
        drawSubscribers();
      }
      for (const [name, layer] of Object.entries(layers) as [MapLayerName, L.LayerGroup][]) {
        if (next.layers[name] && !map.hasLayer(layer)) layer.addTo(map);
        if (!next.layers[name] && map.hasLayer(layer)) layer.remove();
      }
    },
    destroy() {
      map.remove();
    },
  };
  controller.show(view);
  return controller;
}
