import { liveRead, readRouterHealth } from "@/lib/routers/live";
import { formatBytes } from "@/lib/network/format";
import { FactList, LiveReadError } from "@/components/routers/fact-list";
import type { DbOrTx } from "@/lib/db/types";

/** Live health from the router; rendered under Suspense so a slow router doesn't hold the page. */
export async function RouterHealthList({ db, tenantId, routerId }: { db: DbOrTx; tenantId: string; routerId: string }) {
  const read = await liveRead(readRouterHealth(db, { tenantId, routerId }));
  if (!read.ok) return <LiveReadError what="the router's health" message={read.message} />;
  const health = read.data;
  const memoryUsed = health.totalMemoryBytes > 0 ? Math.round((1 - health.freeMemoryBytes / health.totalMemoryBytes) * 100) : null;
  return (
    <FactList
      items={[
        ["Identity", health.identity || "—"],
        ["RouterOS", health.version || "—"],
        ["Board", health.board || "—"],
        ["Uptime", health.uptime || "—"],
        ["CPU load", `${health.cpuLoadPercent}%`],
        [
          "Memory",
          `${formatBytes(health.freeMemoryBytes)} free of ${formatBytes(health.totalMemoryBytes)}${memoryUsed === null ? "" : ` (${memoryUsed}% used)`}`,
        ],
      ]}
    />
  );
}
