import { Wifi, WifiOff } from "lucide-react";
import { subscriberLiveStatus } from "@/lib/portal/live-status";
import type { PortalSubscription } from "@/lib/portal/queries";
import type { DbOrTx } from "@/lib/db/types";

/** Online or offline now, with the session's uptime and IP address, asked of the router when the page loads. */
export async function LiveStatus({ db, tenantId, subscription }: { db: DbOrTx; tenantId: string; subscription: PortalSubscription }) {
  const status = await subscriberLiveStatus(db, { tenantId, subscription });
  if (status.state === "unknown") return <p className="text-sm text-muted-foreground">{status.message}</p>;
  if (status.state === "offline")
    return (
      <p className="flex items-center gap-2 text-sm">
        <WifiOff className="size-5 text-danger" aria-hidden="true" />
        <span>
          <span className="font-semibold text-danger">Offline.</span> Your router is not connected to us right now. Check that it is on and its cables
          are in.
        </span>
      </p>
    );
  return (
    <div className="flex items-start gap-2 text-sm">
      <Wifi className="size-5 text-success" aria-hidden="true" />
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="sr-only">Status</dt>
        <dd className="col-span-2 font-semibold text-success">Online</dd>
        <dt className="text-muted-foreground">Connected for</dt>
        <dd className="font-mono">{status.uptime || "—"}</dd>
        <dt className="text-muted-foreground">IP address</dt>
        <dd className="font-mono">{status.address || "—"}</dd>
      </dl>
    </div>
  );
}
