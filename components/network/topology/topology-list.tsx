/*
 * The topology as lists, always rendered: what keyboard and screen-reader users read, and what a phone shows.
 * Routers grouped by site with their status, incidents and links; then every link; then unknown neighbours.
 */
import Link from "next/link";
import type { TopologyGraph, TopologyLink, UnknownNeighbor } from "@/lib/topology/queries";
import { addRouterHref } from "@/lib/routers/rules";
import { RouterStatusBadge } from "@/components/routers/router-status";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/table";
import { endLabel, linkSummary, linkTrafficHref } from "./look";
import { LinkForm } from "./link-form";
import { RemoveLinkButton } from "./remove-link-button";

const linkClass = "text-primary underline-offset-4 hover:underline";

function farEnd(link: TopologyLink, routerId: string) {
  return link.a.routerId === routerId ? { near: link.a, far: link.b } : { near: link.b, far: link.a };
}

export function RoutersBySite({ graph }: { graph: TopologyGraph }) {
  const groups = [
    ...graph.sites.map((site) => ({ key: site.id, title: site.name, nodes: graph.nodes.filter((n) => n.siteId === site.id) })),
    { key: "none", title: "No site", nodes: graph.nodes.filter((n) => !n.siteId) },
  ].filter((group) => group.nodes.length > 0);
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      {groups.map((group) => (
        <section key={group.key} aria-labelledby={`site-${group.key}`} className="rounded-lg border bg-card p-4">
          <h3 id={`site-${group.key}`} className="mb-3 text-sm font-semibold">
            {group.title}
          </h3>
          <ul className="space-y-3">
            {group.nodes.map((node) => {
              const links = graph.links.filter((l) => l.a.routerId === node.id || l.b.routerId === node.id);
              return (
                <li key={node.id} className="space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/routers/${node.id}`} className={`${linkClass} font-medium`}>
                      {node.name}
                    </Link>
                    <RouterStatusBadge status={node.status} />
                    {node.openIncidents > 0 ? (
                      <Badge tone="danger">
                        {node.openIncidents} open incident{node.openIncidents === 1 ? "" : "s"}
                      </Badge>
                    ) : null}
                  </div>
                  {links.length === 0 ? (
                    <p className="text-xs text-muted-foreground">No links known.</p>
                  ) : (
                    <ul className="ml-4 list-disc space-y-0.5 text-xs text-muted-foreground">
                      {links.map((link) => {
                        const { near, far } = farEnd(link, node.id);
                        return (
                          <li key={link.id}>
                            {near.interface ? `${near.interface} → ` : "→ "}
                            <span className="text-foreground">{endLabel(far)}</span> ({linkSummary(link)})
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}

export function LinkTable({ graph, canArrange }: { graph: TopologyGraph; canArrange: boolean }) {
  const routers = graph.nodes.map((n) => ({ id: n.id, name: n.name }));
  return (
    <DataTable
      label="Link list"
      columns={[
        { label: "Link" },
        { label: "Medium and load" },
        { label: "Label" },
        ...(canArrange ? [{ label: "Actions" }] : [{ label: "Traffic" }]),
      ]}
    >
      {graph.links.map((link) => {
        const name = `${endLabel(link.a)} – ${endLabel(link.b)}`;
        return (
          <tr key={link.id} className="border-b align-top last:border-0">
            <td className="p-3 font-medium">{name}</td>
            <td className="p-3">{linkSummary(link)}</td>
            <td className="p-3">{link.label || "—"}</td>
            <td className="p-3">
              <div className="flex flex-wrap items-start gap-2">
                <Link href={linkTrafficHref(link)} className={`${linkClass} text-sm`} aria-label={`Traffic of the link ${name}`}>
                  Traffic
                </Link>
                {canArrange ? (
                  <>
                    <details className="w-full min-w-64">
                      <summary className="cursor-pointer text-sm text-primary">Edit</summary>
                      <div className="mt-3">
                        <LinkForm
                          routers={routers}
                          linkId={link.id}
                          fixedEnds={link.source === "discovered" ? `Between ${name}` : undefined}
                          initial={{
                            aRouterId: link.a.routerId,
                            aInterface: link.a.interface,
                            bRouterId: link.b.routerId,
                            bInterface: link.b.interface,
                            medium: link.medium,
                            capacityMbps: link.capacityMbps ? String(link.capacityMbps) : "",
                            label: link.label,
                          }}
                        />
                      </div>
                    </details>
                    <RemoveLinkButton linkId={link.id} name={name} discovered={link.source === "discovered"} />
                  </>
                ) : null}
              </div>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

export function UnknownNeighborTable({ neighbors, canAddRouters }: { neighbors: UnknownNeighbor[]; canAddRouters: boolean }) {
  return (
    <DataTable
      label="Unknown neighbour list"
      columns={[{ label: "Device" }, { label: "Address" }, { label: "Seen on" }, { label: "Board and version" }]}
    >
      {neighbors.map((n) => (
        <tr key={`${n.routerId} ${n.interface} ${n.macAddress}`} className="border-b align-top last:border-0">
          <td className="p-3">
            <span className="font-medium">{n.identity || "No identity"}</span>
            <span className="block font-mono text-xs text-muted-foreground">{n.macAddress}</span>
          </td>
          <td className="p-3">
            {n.address ? <span className="font-mono text-xs">{n.address}</span> : "—"}
            {canAddRouters && n.address && n.platform === "MikroTik" ? (
              <Link
                href={addRouterHref({ name: n.identity, host: n.address })}
                className={`${linkClass} mt-1 block text-xs`}
                aria-label={`Add ${n.identity || n.address} as a router`}
              >
                Add as router
              </Link>
            ) : null}
          </td>
          <td className="p-3">
            <Link href={`/routers/${n.routerId}`} className={linkClass}>
              {n.routerName}
            </Link>{" "}
            {n.interface}
          </td>
          <td className="p-3 text-xs">{[n.platform, n.board, n.version].filter(Boolean).join(" · ") || "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
