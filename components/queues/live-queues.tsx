import { liveRead } from "@/lib/routers/live";
import { LIVE_QUEUE_LIMIT, readQueues, type LiveTable } from "@/lib/queues/live";
import { formatLimit, formatRatePair } from "@/lib/network/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { LiveReadError } from "@/components/routers/fact-list";
import type { DbOrTx } from "@/lib/db/types";

const num = "p-3 text-right tabular-nums whitespace-nowrap";

function flags(row: Record<string, string>) {
  return (
    <span className="flex flex-wrap gap-1">
      {row.comment?.startsWith("netsphere:") ? <Badge tone="info">NetSphere</Badge> : null}
      {row.dynamic === "true" ? <Badge>dynamic</Badge> : null}
      {row.disabled === "true" ? <Badge tone="warning">disabled</Badge> : null}
      {row.invalid === "true" ? <Badge tone="danger">invalid</Badge> : null}
    </span>
  );
}

function described(table: LiveTable & { ok: true }, noun: string) {
  if (table.total === 0) return `No ${noun} on the router.`;
  return table.total > table.rows.length ? `${table.total} ${noun}; the first ${LIVE_QUEUE_LIMIT} are shown.` : `${table.total} ${noun}.`;
}

/** What the router actually runs: `/queue/tree` and `/queue/simple` with their current rates. Read-only. */
export async function LiveQueues({ db, tenantId, routerId }: { db: DbOrTx; tenantId: string; routerId: string }) {
  const read = await liveRead(readQueues(db, { tenantId, routerId }));
  if (!read.ok) return <LiveReadError what="the router's queues" message={read.message} />;
  const { tree, simple } = read.data;
  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle>On the router: queue tree</CardTitle>
          {tree.ok ? (
            <CardDescription>{described(tree, "queue tree entries")} Rates are upload/download as the router reports them.</CardDescription>
          ) : null}
        </CardHeader>
        <CardContent>
          {!tree.ok ? (
            <LiveReadError what="/queue/tree" message={tree.message} />
          ) : tree.rows.length === 0 ? null : (
            <DataTable
              columns={[
                { label: "Name" },
                { label: "Parent" },
                { label: "Packet mark" },
                { label: "Max limit", align: "right" },
                { label: "Limit at", align: "right" },
                { label: "Priority", align: "right" },
                { label: "Rate", align: "right" },
                { label: "State" },
              ]}
            >
              {tree.rows.map((row, index) => (
                <tr key={`${row.name}-${index}`}>
                  <td className="p-3 font-medium">{row.name}</td>
                  <td className="p-3 font-mono text-xs">{row.parent || "—"}</td>
                  <td className="p-3 font-mono text-xs">{row["packet-mark"] || "—"}</td>
                  <td className={num}>{formatLimit(row["max-limit"])}</td>
                  <td className={num}>{formatLimit(row["limit-at"])}</td>
                  <td className={num}>{row.priority || "—"}</td>
                  <td className={num}>{formatRatePair(row.rate)}</td>
                  <td className="p-3">{flags(row)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>On the router: simple queues</CardTitle>
          {simple.ok ? <CardDescription>{described(simple, "simple queues")} Pairs are upload / download.</CardDescription> : null}
        </CardHeader>
        <CardContent>
          {!simple.ok ? (
            <LiveReadError what="/queue/simple" message={simple.message} />
          ) : simple.rows.length === 0 ? null : (
            <DataTable
              columns={[
                { label: "Name" },
                { label: "Target" },
                { label: "Max limit", align: "right" },
                { label: "Limit at", align: "right" },
                { label: "Rate", align: "right" },
                { label: "State" },
              ]}
            >
              {simple.rows.map((row, index) => (
                <tr key={`${row.name}-${index}`}>
                  <td className="p-3 font-medium">{row.name}</td>
                  <td className="p-3 font-mono text-xs">{row.target || "—"}</td>
                  <td className={num}>{formatLimit(row["max-limit"])}</td>
                  <td className={num}>{formatLimit(row["limit-at"])}</td>
                  <td className={num}>{formatRatePair(row.rate)}</td>
                  <td className="p-3">{flags(row)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </CardContent>
      </Card>
    </>
  );
}
