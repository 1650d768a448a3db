import { Wifi, WifiOff } from "lucide-react";
import { subscriberStatus } from "@/lib/network/subscriber-status";
import { formatMinutes } from "@/lib/tickets/sla";
import type { DbOrTx } from "@/lib/db/types";
import { formatRate } from "@/components/monitoring/format";

/**
 * Online or offline now, for how long, the IP address and the rate in use, asked of the router when the page
 * loads (`subscriberStatus`, the same read technicians get). Router trouble is told in plain words.
 */
export async function LiveStatus({
  db,
  tenantId,
  subscriptionId,
  staticIp,
}: {
  db: DbOrTx;
  tenantId: string;
  subscriptionId: string;
  staticIp: string | null;
}) {
  const status = await subscriberStatus(db, { tenantId, subscriptionId });
  if (status.state === "no_router")
    return (
      <p className="text-sm text-muted-foreground">
        {staticIp ? `Static IP service (${staticIp}): there is no session to check.` : "Your service is not connected to our network yet."}
      </p>
    );
  if (status.state === "unreachable")
    return <p className="text-sm text-muted-foreground">We cannot check your connection right now. Try again in a few minutes.</p>;
  if (status.state === "offline" || !status.session)
    return (
      <p className="flex items-center gap-2 text-sm">
        <WifiOff className="size-5 shrink-0 text-danger" aria-hidden="true" />
        <span>
          <span className="font-semibold text-danger">Offline.</span> Your modem is not connected to us right now. Check that it is on and its cables
          are in.
        </span>
      </p>
    );
  const { session } = status;
  return (
    <div className="flex items-start gap-2 text-sm">
      <Wifi className="size-5 shrink-0 text-success" aria-hidden="true" />
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="sr-only">Status</dt>
        <dd className="col-span-2 font-semibold text-success">Online</dd>
        <dt className="text-muted-foreground">Connected for</dt>
        <dd>{session.uptimeSeconds == null ? "—" : formatMinutes(session.uptimeSeconds / 60)}</dd>
        <dt className="text-muted-foreground">IP address</dt>
        <dd className="font-mono">{session.address || "—"}</dd>
        {session.downloadBps != null && session.uploadBps != null ? (
          <>
            <dt className="text-muted-foreground">Using now</dt>
            <dd>
              {formatRate(session.downloadBps)} down · {formatRate(session.uploadBps)} up
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
