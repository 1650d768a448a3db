import Link from "next/link";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import {
  SUBSCRIBER_IN_OUTAGE,
  SUBSCRIBER_ONLINE,
  routerStatusCodes,
  routerStatusLabels,
  subscriberStatusCodes,
  subscriberStatusLabels,
  type NetworkMapData,
} from "@/lib/topology/map-values";

const tones = { online: "success", offline: "danger", degraded: "warning", unknown: "neutral" } as const;
const coordinates = (lat: number, lng: number) => `${lat.toFixed(5)}, ${lng.toFixed(5)}`;
/** A phone's screen reader reads a long table row by row: the first rows, and how many more the map holds. */
const OUTAGE_ROWS = 200;

/** What the map shows, as tables: the same routers, sites, outages and affected subscribers for keyboard and screen-reader users. */
export function MapTables({ data }: { data: NetworkMapData }) {
  const siteName = new Map(data.sites.map(([id, name]) => [id, name]));
  const affected = data.subscribers.filter((s) => s[6] & SUBSCRIBER_IN_OUTAGE);
  return (
    <div className="mt-6 space-y-6">
      <section aria-labelledby="map-outages">
        <h2 id="map-outages" className="mb-2 text-base font-semibold">
          Outage areas
        </h2>
        {data.outages.length === 0 ? (
          <p className="text-sm text-muted-foreground">No open incident covers a router or site.</p>
        ) : (
          <DataTable
            label="Outage areas"
            columns={[{ label: "Incident" }, { label: "Severity" }, { label: "Subscribers behind it", align: "right" }, { label: "Centre" }]}
          >
            {data.outages.map(([id, number, title, severity, lat, lng, , count]) => (
              <tr key={id}>
                <td className="p-3">
                  #{number} {title}
                </td>
                <td className="p-3 capitalize">{severity}</td>
                <td className="p-3 text-right tabular-nums">{count}</td>
                <td className="p-3 font-mono text-xs">{coordinates(lat, lng)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="map-places">
        <h2 id="map-places" className="mb-2 text-base font-semibold">
          Routers and sites
        </h2>
        {data.routers.length + data.sites.length === 0 ? (
          <p className="text-sm text-muted-foreground">No router or site has coordinates yet: add them on the Routers page.</p>
        ) : (
          <DataTable label="Routers and sites" columns={[{ label: "Name" }, { label: "Kind" }, { label: "Status" }, { label: "Coordinates" }]}>
            {data.routers.map(([id, name, lat, lng, status, siteId, inOutage]) => {
              const statusName = routerStatusCodes[status] ?? "unknown";
              return (
                <tr key={id}>
                  <td className="p-3 font-medium">
                    <Link href={`/routers/${id}`} className="text-primary underline-offset-4 hover:underline">
                      {name}
                    </Link>
                  </td>
                  <td className="p-3">Router{siteId && siteName.has(siteId) ? ` at ${siteName.get(siteId)}` : ""}</td>
                  <td className="p-3">
                    <span className="flex flex-wrap gap-1">
                      <Badge tone={tones[statusName]}>{routerStatusLabels[statusName]}</Badge>
                      {inOutage ? <Badge tone="danger">In an outage</Badge> : null}
                    </span>
                  </td>
                  <td className="p-3 font-mono text-xs">{coordinates(lat, lng)}</td>
                </tr>
              );
            })}
            {data.sites.map(([id, name, lat, lng, inOutage]) => (
              <tr key={id}>
                <td className="p-3 font-medium">{name}</td>
                <td className="p-3">Site</td>
                <td className="p-3">{inOutage ? <Badge tone="danger">In an outage</Badge> : "—"}</td>
                <td className="p-3 font-mono text-xs">{coordinates(lat, lng)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="map-affected">
        <h2 id="map-affected" className="mb-2 text-base font-semibold">
          Subscribers in outage areas
        </h2>
        {affected.length === 0 ? (
          <p className="text-sm text-muted-foreground">No subscriber is behind a router or site with an open incident.</p>
        ) : (
          <>
            <DataTable
              label="Subscribers in outage areas"
              columns={[{ label: "Account" }, { label: "Name" }, { label: "Status" }, { label: "Online now" }, { label: "Coordinates" }]}
            >
              {affected.slice(0, OUTAGE_ROWS).map(([id, name, account, lat, lng, status, flags]) => (
                <tr key={id}>
                  <td className="p-3 font-mono text-xs">{account}</td>
                  <td className="p-3">
                    <Link href={`/customers/${id}`} className="text-primary underline-offset-4 hover:underline">
                      {name}
                    </Link>
                  </td>
                  <td className="p-3">{subscriberStatusLabels[subscriberStatusCodes[status] ?? "active"]}</td>
                  <td className="p-3">{flags & SUBSCRIBER_ONLINE ? "Online" : "Not online"}</td>
                  <td className="p-3 font-mono text-xs">{coordinates(lat, lng)}</td>
                </tr>
              ))}
            </DataTable>
            {affected.length > OUTAGE_ROWS ? (
              <p className="mt-2 text-sm text-muted-foreground">
                The first {OUTAGE_ROWS} of {affected.length}; each incident&apos;s page lists all of them.
              </p>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
