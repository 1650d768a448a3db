/*
 * Where each router goes on the drawing: pinned routers stay where staff put them; the others are placed by a force
 * layout (linked routers pulled together, routers of one site gathered around their site's spot), computed at once
 * rather than animated, so the drawing holds still (and reduced motion needs nothing more).
 */
import type * as D3Force from "d3-force";
import type { TopologyLink, TopologyNode } from "@/lib/topology/queries";

export const WIDTH = 960;
export const HEIGHT = 540;
const MARGIN = 48;

export type Point = { x: number; y: number };

type SimNode = D3Force.SimulationNodeDatum & { id: string; siteId: string | null };

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Spots for sites on an ellipse around the centre, so each site's routers gather in their own part of the drawing. */
function siteSpots(siteIds: string[]): Map<string, Point> {
  const spots = new Map<string, Point>();
  siteIds.forEach((id, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, siteIds.length) - Math.PI / 2;
    const spread = siteIds.length > 1 ? 1 : 0;
    spots.set(id, { x: WIDTH / 2 + spread * (WIDTH / 3) * Math.cos(angle), y: HEIGHT / 2 + spread * (HEIGHT / 3) * Math.sin(angle) });
  });
  return spots;
}

export function layoutTopology(d3: typeof D3Force, nodes: TopologyNode[], links: TopologyLink[]): Map<string, Point> {
  const sites = [...new Set(nodes.map((n) => n.siteId).filter((id): id is string => id !== null))].sort();
  const spots = siteSpots(sites);
  const simNodes: SimNode[] = nodes.map((n, i) => {
    const spot = (n.siteId && spots.get(n.siteId)) || { x: WIDTH / 2, y: HEIGHT / 2 };
    // A deterministic start near the site's spot: the same graph is drawn the same way on every visit.
    const start = { x: spot.x + 40 * Math.cos(i * 2.4), y: spot.y + 40 * Math.sin(i * 2.4) };
    return n.position ? { id: n.id, siteId: n.siteId, ...n.position, fx: n.position.x, fy: n.position.y } : { id: n.id, siteId: n.siteId, ...start };
  });
  const known = new Set(nodes.map((n) => n.id));
  const simLinks = links
    .filter((l) => known.has(l.a.routerId) && known.has(l.b.routerId) && l.a.routerId !== l.b.routerId)
    .map((l) => ({ source: l.a.routerId, target: l.b.routerId }));
  const spotOf = (node: SimNode) => (node.siteId && spots.get(node.siteId)) || { x: WIDTH / 2, y: HEIGHT / 2 };
  const simulation = d3
    .forceSimulation<SimNode>(simNodes)
    .force(
      "link",
      d3
        .forceLink<SimNode, { source: string; target: string }>(simLinks)
        .id((n) => n.id)
        .distance(140)
        .strength(0.6),
    )
    .force("charge", d3.forceManyBody<SimNode>().strength(-500))
    .force("collide", d3.forceCollide<SimNode>(56))
    .force("x", d3.forceX<SimNode>((n) => spotOf(n).x).strength(0.12))
    .force("y", d3.forceY<SimNode>((n) => spotOf(n).y).strength(0.16))
    .stop();
  simulation.tick(300);
  const placed = fitToDrawing(
    new Map(simNodes.map((n) => [n.id, { x: n.fx ?? n.x ?? WIDTH / 2, y: n.fy ?? n.y ?? HEIGHT / 2 }])),
    nodes.some((n) => n.position),
  );
  return new Map([...placed].map(([id, p]) => [id, { x: clamp(p.x, MARGIN, WIDTH - MARGIN), y: clamp(p.y, MARGIN, HEIGHT - MARGIN) }]));
}

/** A rounded box around a site's routers, with room for the site's name above them and theirs below. */
export function siteBox(points: Point[], name: string): { x: number; y: number; width: number; height: number } | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const left = Math.min(...xs) - 64;
  const right = Math.max(...xs) + 64;
  const width = Math.max(right - left, name.length * 8 + 28);
  const x = (left + right) / 2 - width / 2;
  const y = Math.min(...ys) - 58;
  return { x, y, width, height: Math.max(...ys) + 62 - y };
}

/**
 * Spreads a layout with nothing pinned over the drawing (a small network would otherwise sit in the middle of it);
 * pinned positions are where staff put them, so a layout holding any is left as it is.
 */
export function fitToDrawing(points: Map<string, Point>, anyPinned: boolean): Map<string, Point> {
  if (anyPinned || points.size < 2) return points;
  const all = [...points.values()];
  const [minX, maxX] = [Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x))];
  const [minY, maxY] = [Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y))];
  const room = { x: WIDTH - 2 * 110, y: HEIGHT - 2 * 90 };
  const scale = Math.min(2, room.x / Math.max(1, maxX - minX), room.y / Math.max(1, maxY - minY));
  const centre = { x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
  return new Map([...points].map(([id, p]) => [id, { x: WIDTH / 2 + (p.x - centre.x) * scale, y: HEIGHT / 2 + (p.y - centre.y) * scale }]));
}
