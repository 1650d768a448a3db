/*
 * How the map draws each kind of object, shared by the legend (first load) and the Leaflet layers (loaded on
 * demand): colours chosen to read on OpenStreetMap's light tiles, and a glyph beside each colour so that a
 * status never rests on colour alone.
 */
import type { RouterStatusName, SubscriberStatusName } from "@/lib/topology/map-values";

export const subscriberColours: Record<SubscriberStatusName, string> = {
  active: "#15803d",
  suspended: "#b45309",
  lead: "#1d4ed8",
  terminated: "#4b5563",
};

export const routerLooks: Record<RouterStatusName, { colour: string; glyph: string }> = {
  online: { colour: "#15803d", glyph: "✓" },
  degraded: { colour: "#b45309", glyph: "!" },
  offline: { colour: "#b91c1c", glyph: "✕" },
  unknown: { colour: "#4b5563", glyph: "?" },
};

export const siteColour = "#1e3a8a";
export const outageColour = "#b91c1c";
export const heatColour = "#ea580c";

/** Inline styles, so the legend's swatches need no stylesheet of the map's. */
export const routerSwatchStyle = (status: RouterStatusName) =>
  ({
    background: routerLooks[status].colour,
    color: "#fff",
    width: 20,
    height: 20,
    borderRadius: 4,
    border: "2px solid #fff",
    boxShadow: "0 0 0 1px #111827",
    display: "inline-flex",
    alignItems: "center",
    justifyContent: "center",
    fontSize: 12,
    fontWeight: 700,
    lineHeight: 1,
  }) as const;

export const siteSwatchStyle = {
  background: siteColour,
  width: 16,
  height: 16,
  transform: "rotate(45deg)",
  border: "2px solid #fff",
  boxShadow: "0 0 0 1px #111827",
  display: "inline-block",
} as const;

export const subscriberSwatchStyle = (status: SubscriberStatusName, online: boolean) =>
  ({
    background: online ? subscriberColours[status] : "#fff",
    border: `3px solid ${subscriberColours[status]}`,
    width: 14,
    height: 14,
    borderRadius: 999,
    display: "inline-block",
  }) as const;
