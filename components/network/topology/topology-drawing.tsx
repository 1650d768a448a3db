"use client";
/*
 * The topology drawn with a force layout (d3-force, fetched after the page): routers coloured by status with a glyph,
 * open incidents as a ring and a count, links coloured by load and dashed when not seen by discovery, sites as boxes.
 * Each router and link is a link to its page; staff who may arrange the drawing drag routers to pin them.
 */
import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import type { TopologyGraph } from "@/lib/topology/queries";
import { clearPositionsAction, savePositionAction } from "@/lib/topology/actions/positions";
import { Button } from "@/components/ui/button";
import { HEIGHT, WIDTH, layoutTopology, siteBox, type Point } from "./layout";
import { endLabel, linkColour, linkSummary, linkTrafficEnd, linkTrafficHref, loadBands, statusLook, unmeasuredColour } from "./look";

const RADIUS = 18;

type Drag = { id: string; pointerId: number; start: Point; moved: boolean };

export function TopologyDrawing({ graph, canArrange }: { graph: TopologyGraph; canArrange: boolean }) {
  const router = useRouter();
  const svg = useRef<SVGSVGElement>(null);
  const [laidOut, setLaidOut] = useState<Map<string, Point> | null>(null);
  const [moved, setMoved] = useState<Map<string, Point>>(new Map());
  const drag = useRef<Drag | null>(null);
  const suppressClick = useRef(false);

  useEffect(() => {
    let live = true;
    import("d3-force").then(
      (d3) => {
        if (live) setLaidOut(layoutTopology(d3, graph.nodes, graph.links));
      },
      () => toast.error("The drawing could not be loaded; the list below has the same routers and links."),
    );
    return () => {
      live = false;
    };
  }, [graph]);

  const positions = useMemo(() => {
    if (!laidOut) return null;
    const all = new Map(laidOut);
    for (const [id, point] of moved) all.set(id, point);
    return all;
  }, [laidOut, moved]);

  const toDrawing = (event: ReactPointerEvent): Point | null => {
    const matrix = svg.current?.getScreenCTM();
    if (!matrix) return null;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: Math.min(WIDTH - 20, Math.max(20, point.x)), y: Math.min(HEIGHT - 20, Math.max(20, point.y)) };
  };

  const onPointerDown = (id: string) => (event: ReactPointerEvent<Element>) => {
    if (!canArrange || event.button !== 0) return;
    const start = toDrawing(event);
    if (!start) return;
    drag.current = { id, pointerId: event.pointerId, start, moved: false };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: ReactPointerEvent<Element>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const point = toDrawing(event);
    if (!point) return;
    if (!current.moved && Math.hypot(point.x - current.start.x, point.y - current.start.y) < 4) return;
    current.moved = true;
    setMoved((before) => new Map(before).set(current.id, point));
  };
  const onPointerUp = (event: ReactPointerEvent<Element>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    drag.current = null;
    if (!current.moved) return;
    suppressClick.current = true;
    const point = toDrawing(event) ?? current.start;
    savePositionAction({ routerId: current.id, x: point.x, y: point.y }).then((result) => {
      if (!result.ok) toast.error(result.message);
    });
  };
  const open = (href: string) => (event: React.MouseEvent) => {
    event.preventDefault();
    if (suppressClick.current) {
      suppressClick.current = false;
      return;
    }
    router.push(href);
  };

  const unpinAll = async () => {
    const pinned = graph.nodes.filter((n) => n.position).length;
    if (!window.confirm(`Unpin ${pinned === 1 ? "the 1 pinned router" : `all ${pinned} pinned routers`}? They will be laid out afresh.`)) return;
    const result = await clearPositionsAction({ confirm: true });
    if (!result.ok) return void toast.error(result.message);
    toast.success(`${result.data.cleared} router${result.data.cleared === 1 ? "" : "s"} unpinned.`);
    setMoved(new Map());
    router.refresh();
  };

  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const sites = graph.sites.flatMap((site) => {
    const points = graph.nodes.filter((n) => n.siteId === site.id).flatMap((n) => (positions?.get(n.id) ? [positions.get(n.id)!] : []));
    const box = siteBox(points, site.name);
    return box ? [{ ...site, box }] : [];
  });
  const pinnedCount = graph.nodes.filter((n) => n.position).length + [...moved.keys()].filter((id) => !nodeById.get(id)?.position).length;

  return (
    <div className="space-y-3">
      <div className="relative overflow-hidden rounded-lg border bg-card">
        <svg
          ref={svg}
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className="block h-auto w-full touch-none select-none text-foreground"
          role="group"
          aria-label={`Drawing of ${graph.nodes.length} routers and ${graph.links.length} links`}
        >
          {positions ? (
            <>
              {sites.map((site) => (
                <g key={site.id} aria-hidden="true">
                  <rect {...site.box} rx={18} className="fill-muted/40 stroke-border" strokeDasharray="6 4" />
                  <text x={site.box.x + 12} y={site.box.y + 18} className="fill-current text-[13px] font-semibold">
                    {site.name}
                  </text>
                </g>
              ))}
              {graph.links.map((link) => {
                const a = positions.get(link.a.routerId);
                const b = positions.get(link.b.routerId);
                if (!a || !b) return null;
                const colour = linkColour(link.utilisation);
                const label = `Link ${endLabel(link.a)} to ${endLabel(link.b)}: ${linkSummary(link)}. Opens the traffic of ${endLabel(linkTrafficEnd(link))}.`;
                return (
                  <a
                    key={link.id}
                    href={linkTrafficHref(link)}
                    aria-label={label}
                    onClick={open(linkTrafficHref(link))}
                    className="group focus:outline-none"
                  >
                    <title>{label}</title>
                    <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="transparent" strokeWidth={16} />
                    <line
                      x1={a.x}
                      y1={a.y}
                      x2={b.x}
                      y2={b.y}
                      stroke={colour}
                      strokeWidth={link.capacityMbps && link.capacityMbps >= 1000 ? 5 : 3}
                      strokeDasharray={link.seen ? undefined : "8 6"}
                      className="group-focus-visible:stroke-[7]"
                    />
                    {link.utilisation !== null ? (
                      <text
                        x={(a.x + b.x) / 2}
                        y={(a.y + b.y) / 2 - 8}
                        textAnchor="middle"
                        strokeWidth={4}
                        className="fill-current stroke-card text-[12px] font-medium [paint-order:stroke]"
                      >
                        {`${Math.round(link.utilisation)}%`}
                      </text>
                    ) : null}
                  </a>
                );
              })}
              {graph.nodes.map((node) => {
                const point = positions.get(node.id);
                if (!point) return null;
                const look = statusLook[node.status];
                const incidents = node.openIncidents > 0 ? `, ${node.openIncidents} open incident${node.openIncidents === 1 ? "" : "s"}` : "";
                const pinned = node.position || moved.has(node.id) ? ", pinned" : "";
                return (
                  <a
                    key={node.id}
                    href={`/routers/${node.id}`}
                    aria-label={`${node.name}: ${look.label}${incidents}${pinned}`}
                    onClick={open(`/routers/${node.id}`)}
                    onPointerDown={onPointerDown(node.id)}
                    onPointerMove={onPointerMove}
                    onPointerUp={onPointerUp}
                    className={`group focus:outline-none ${canArrange ? "cursor-grab active:cursor-grabbing" : "cursor-pointer"}`}
                  >
                    <g transform={`translate(${point.x} ${point.y})`}>
                      <circle r={RADIUS + 9} className="fill-none stroke-ring opacity-0 group-focus-visible:opacity-100" strokeWidth={3} />
                      {node.openIncidents > 0 ? <circle r={RADIUS + 5} fill="none" stroke="#dc2626" strokeWidth={3} /> : null}
                      <circle
                        r={RADIUS}
                        fill={look.fill}
                        strokeDasharray={node.status === "unknown" ? "4 3" : undefined}
                        className="stroke-background"
                        strokeWidth={2}
                      />
                      <text textAnchor="middle" dy="0.35em" fill="#ffffff" className="text-[16px] font-bold">
                        {look.glyph}
                      </text>
                      {node.openIncidents > 0 ? (
                        <g transform={`translate(${RADIUS} ${-RADIUS})`}>
                          <circle r={10} fill="#b91c1c" />
                          <text textAnchor="middle" dy="0.35em" fill="#ffffff" className="text-[11px] font-bold">
                            {node.openIncidents > 9 ? "9+" : node.openIncidents}
                          </text>
                        </g>
                      ) : null}
                      <text y={RADIUS + 18} textAnchor="middle" className="fill-current text-[13px] font-medium">
                        {node.name}
                      </text>
                      {node.status !== "online" ? (
                        <text y={RADIUS + 33} textAnchor="middle" className="fill-current text-[11px]">
                          {look.label}
                        </text>
                      ) : null}
                    </g>
                  </a>
                );
              })}
            </>
          ) : (
            <text x={WIDTH / 2} y={HEIGHT / 2} textAnchor="middle" className="fill-current text-[14px]">
              Laying out the routers…
            </text>
          )}
        </svg>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 text-xs text-muted-foreground">
        <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label="Legend">
          {Object.values(statusLook).map((look) => (
            <li key={look.label} className="flex items-center gap-1.5">
              <span
                aria-hidden="true"
                className="inline-flex size-4 items-center justify-center rounded-full text-[10px] font-bold text-white"
                style={{ background: look.fill }}
              >
                {look.glyph}
              </span>
              {look.label}
            </li>
          ))}
          {loadBands.map((band) => (
            <li key={band.label} className="flex items-center gap-1.5">
              <span aria-hidden="true" className="inline-block h-1 w-5 rounded" style={{ background: band.colour }} />
              {band.label} used
            </li>
          ))}
          <li className="flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block h-1 w-5 rounded" style={{ background: unmeasuredColour }} />
            load unknown
          </li>
          <li className="flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block w-5 border-t-2 border-dashed border-current" />
            not seen by the routers
          </li>
          <li className="flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block size-3 rounded-full border-2 border-[#dc2626]" />
            open incident
          </li>
        </ul>
        {canArrange ? (
          <div className="flex items-center gap-3">
            <span>Drag a router to pin it.</span>
            {pinnedCount > 0 ? (
              <Button type="button" variant="outline" size="sm" onClick={unpinAll}>
                Unpin all
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
