/* How routers and links look on the drawing and read in the list: colour plus a shape or word, never colour alone. */
import type { RouterStatus, TopologyLink } from "@/lib/topology/queries";
import { linkMediumLabels } from "@/lib/topology/values";

/** Fills dark enough for a white glyph in either theme. */
export const statusLook: Record<RouterStatus, { fill: string; glyph: string; label: string }> = {
  online: { fill: "#15803d", glyph: "✓", label: "online" },
  degraded: { fill: "#b45309", glyph: "!", label: "degraded" },
  offline: { fill: "#b91c1c", glyph: "✕", label: "offline" },
  unknown: { fill: "#475569", glyph: "?", label: "not checked yet" },
};

export const loadBands = [
  { below: 50, colour: "#16a34a", label: "under 50 %" },
  { below: 80, colour: "#d97706", label: "50–80 %" },
  { below: Infinity, colour: "#dc2626", label: "80 % or more" },
] as const;
export const unmeasuredColour = "#64748b";

export function linkColour(utilisation: number | null): string {
  if (utilisation === null) return unmeasuredColour;
  return loadBands.find((band) => utilisation < band.below)!.colour;
}

export function formatRate(bps: number): string {
  if (bps >= 1e9) return `${(bps / 1e9).toFixed(1)} Gbps`;
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(1)} Mbps`;
  if (bps >= 1e3) return `${Math.round(bps / 1e3)} kbps`;
  return `${Math.round(bps)} bps`;
}

export const formatCapacity = (mbps: number) => (mbps >= 1000 && mbps % 1000 === 0 ? `${mbps / 1000} Gbps` : `${mbps.toLocaleString("en")} Mbps`);

/** "Lipa-CCR2 ether1" */
export const endLabel = (end: TopologyLink["a"]) => (end.interface ? `${end.name} ${end.interface}` : end.name);

/** What a link is, in words: medium, capacity, load, and whether discovery sees it. */
export function linkSummary(link: TopologyLink): string {
  const parts = [linkMediumLabels[link.medium]];
  if (link.capacityMbps) parts.push(formatCapacity(link.capacityMbps));
  if (link.utilisation !== null) parts.push(`${link.utilisation}% used at peak`);
  else if (link.peakBps !== null) parts.push(`peak ${formatRate(link.peakBps)}`);
  parts.push(
    link.source === "manual"
      ? link.seen
        ? "drawn by hand, seen by the routers"
        : "drawn by hand"
      : link.seen
        ? "discovered"
        : "discovered, not seen lately",
  );
  return parts.join(", ");
}

/** The end whose traffic a link opens: the one whose port is known (the first end when both or neither are). */
export const linkTrafficEnd = (link: TopologyLink) => (link.a.interface || !link.b.interface ? link.a : link.b);

/** That end's router's traffic page with its port chosen ("/routers/<id>/traffic?interface=ether2"). */
export function linkTrafficHref(link: TopologyLink): string {
  const end = linkTrafficEnd(link);
  const base = `/routers/${encodeURIComponent(end.routerId)}/traffic`;
  return end.interface ? `${base}?${new URLSearchParams({ interface: end.interface })}` : base;
}
