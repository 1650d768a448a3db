"use client";
import { useEffect, useRef, useState } from "react";
import type { MapTileSource, NetworkMapData, RouterStatusName, SubscriberStatusName } from "@/lib/topology/map-values";
import { routerStatusLabels, subscriberStatusLabels } from "@/lib/topology/map-values";
import type { MapLayerName, MapView, NetworkMapController } from "./leaflet-map";
import { heatColour, outageColour, routerLooks, routerSwatchStyle, siteSwatchStyle, subscriberSwatchStyle } from "./map-style";

const layerLabels: Record<MapLayerName, string> = {
  sites: "Sites",
  routers: "Routers",
  subscribers: "Subscribers",
  outages: "Outage areas",
  heat: "Tickets, last 30 days",
};
const statusOrder: SubscriberStatusName[] = ["active", "suspended", "lead", "terminated"];
const routerOrder: RouterStatusName[] = ["online", "degraded", "offline", "unknown"];

type Counts = Record<SubscriberStatusName, number>;

/**
 * The map with its legend. The legend's switches are in the first load; Leaflet, its stylesheet and the layers'
 * data (GET /api/network/map) arrive after the page, in a box of the map's height so nothing below it moves.
 */
export function NetworkMap({ tiles, counts }: { tiles: MapTileSource; counts: Counts }) {
  const box = useRef<HTMLDivElement>(null);
  const controller = useRef<NetworkMapController | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [view, setView] = useState<MapView>({
    layers: { sites: true, routers: true, subscribers: true, outages: true, heat: false },
    statuses: { active: true, suspended: true, lead: true, terminated: false },
  });
  const latestView = useRef(view);

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      const [mapModule, response] = await Promise.all([import("./leaflet-map"), fetch("/api/network/map", { cache: "no-store" })]);
      if (!response.ok) throw new Error(`map data ${response.status}`);
      const data = (await response.json()) as NetworkMapData;
      if (cancelled || !box.current) return;
      controller.current = await mapModule.createNetworkMap(box.current, { data, tiles, view: latestView.current });
      if (cancelled) controller.current.destroy();
      else setState("ready");
    };
    load().catch(() => !cancelled && setState("failed"));
    return () => {
      cancelled = true;
      controller.current?.destroy();
      controller.current = null;
    };
  }, [tiles]);

  useEffect(() => {
    latestView.current = view;
    controller.current?.show(view);
  }, [view]);

  const toggleLayer = (name: MapLayerName) => setView((v) => ({ ...v, layers: { ...v.layers, [name]: !v.layers[name] } }));
  const toggleStatus = (status: SubscriberStatusName) => setView((v) => ({ ...v, statuses: { ...v.statuses, [status]: !v.statuses[status] } }));

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_16rem]">
      <div className="relative min-w-0">
        <div
          ref={box}
          role="region"
          aria-label="Network map"
          aria-describedby="network-map-help"
          className="h-[26rem] w-full overflow-hidden rounded-lg border bg-muted lg:h-[36rem]"
          data-map-state={state}
        />
        <p id="network-map-help" className="sr-only">
          Arrow keys pan the map and plus and minus zoom once it has focus; the tables below the map list the same routers, sites and affected
          subscribers.
        </p>
        <p className="mt-1 text-xs text-muted-foreground" role="status">
          {state === "loading" ? "Loading the map…" : state === "failed" ? "The map could not load. The tables below have the same information." : ""}
        </p>
      </div>
      <div className="space-y-4 text-sm" aria-label="Map legend" role="group">
        <fieldset className="space-y-1.5">
          <legend className="mb-1 font-medium">Layers</legend>
          {(Object.keys(layerLabels) as MapLayerName[]).map((name) => (
            <label key={name} className="flex items-center gap-2">
              <input type="checkbox" className="size-4 accent-primary" checked={view.layers[name]} onChange={() => toggleLayer(name)} />
              <LayerSwatch name={name} />
              {layerLabels[name]}
            </label>
          ))}
        </fieldset>
        <fieldset className="space-y-1.5">
          <legend className="mb-1 font-medium">Subscribers shown</legend>
          {statusOrder.map((status) => (
            <label key={status} className="flex items-center gap-2">
              <input type="checkbox" className="size-4 accent-primary" checked={view.statuses[status]} onChange={() => toggleStatus(status)} />
              <span style={subscriberSwatchStyle(status, true)} aria-hidden="true" />
              {subscriberStatusLabels[status]} ({counts[status]})
            </label>
          ))}
        </fieldset>
        <div className="space-y-1.5 text-muted-foreground">
          <p className="flex items-center gap-2">
            <span style={subscriberSwatchStyle("active", true)} aria-hidden="true" /> Filled: online now
          </p>
          <p className="flex items-center gap-2">
            <span style={subscriberSwatchStyle("active", false)} aria-hidden="true" /> Hollow: not online
          </p>
          <p className="flex items-center gap-2">
            <span style={{ ...subscriberSwatchStyle("active", true), boxShadow: `0 0 0 3px ${outageColour}` }} aria-hidden="true" /> Red ring: in an
            outage area
          </p>
          <p>Numbered circles group nearby subscribers; zoom in or click one to see them.</p>
        </div>
        <ul className="space-y-1.5" aria-label="Router status">
          {routerOrder.map((status) => (
            <li key={status} className="flex items-center gap-2">
              <span style={routerSwatchStyle(status)} aria-hidden="true">
                {routerLooks[status].glyph}
              </span>
              Router {routerStatusLabels[status].toLowerCase()}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function LayerSwatch({ name }: { name: MapLayerName }) {
  if (name === "sites") return <span style={siteSwatchStyle} aria-hidden="true" />;
  if (name === "routers") return <span style={routerSwatchStyle("online")} aria-hidden="true" />;
  if (name === "subscribers") return <span style={subscriberSwatchStyle("active", true)} aria-hidden="true" />;
  if (name === "outages")
    return (
      <span
        style={{ width: 16, height: 16, borderRadius: 999, border: `2px dashed ${outageColour}`, background: "rgba(185,28,28,.15)" }}
        aria-hidden="true"
      />
    );
  return <span style={{ width: 16, height: 16, borderRadius: 999, background: heatColour, opacity: 0.6 }} aria-hidden="true" />;
}
