"use client";
import { LiveStatus, useLiveStatus } from "./live-status";
import { ServiceActions } from "./service-actions";
import type { SubscriberStatus } from "@/lib/network/subscriber-status";

/** Live status and the service actions side by side, so a kick or re-provision refreshes the reading. */
export function JobService({
  status,
  macAddress,
  canKick,
  canReprovision,
  refreshIcon,
}: {
  status: SubscriberStatus;
  macAddress: string | null;
  canKick: boolean;
  canReprovision: boolean;
  refreshIcon: React.ReactNode;
}) {
  const live = useLiveStatus(status);
  const hasSession = status.state !== "no_router";
  return (
    <div className="space-y-4">
      <LiveStatus {...live} refreshIcon={refreshIcon} />
      {hasSession && (canKick || canReprovision) ? (
        <ServiceActions
          subscriptionId={status.subscriptionId}
          username={status.username}
          macAddress={macAddress}
          canKick={canKick}
          canReprovision={canReprovision}
          onChanged={() => void live.refresh()}
        />
      ) : null}
    </div>
  );
}
