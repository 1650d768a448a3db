import { formatDateTime } from "@/lib/core/dates";
import { channelLabels, eventCatalog } from "@/lib/notify/events";
import { communicationKindLabels } from "@/lib/notify/rules";
import type { CommunicationItem } from "@/lib/notify/communications";
import { OutboxStatusBadge } from "./status-badge";

/** The customer's messages and staff entries as one list, newest first. */
export function CommunicationLogList({ items, timeZone }: { items: CommunicationItem[]; timeZone: string }) {
  return (
    <ol className="flex flex-col divide-y rounded-lg border bg-card">
      {items.map((item) => (
        <li key={`${item.type}:${item.id}`} className="flex flex-col gap-1 p-3 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-2">
            {item.type === "message" ? (
              <span className="font-medium">
                {eventCatalog[item.event].label} · {channelLabels[item.channel]}
              </span>
            ) : (
              <span className="font-medium">
                {communicationKindLabels[item.kind]} · {item.direction === "inbound" ? "from the customer" : "by us"}
              </span>
            )}
            <time dateTime={item.at.toISOString()} className="text-xs text-muted-foreground">
              {formatDateTime(item.at, timeZone)}
            </time>
          </div>
          {item.type === "message" ? (
            <>
              <div className="flex flex-wrap items-center gap-2">
                <OutboxStatusBadge status={item.status} />
                <span className="break-all font-mono text-xs text-muted-foreground">{item.recipient}</span>
              </div>
              {item.subject ? <p>{item.subject}</p> : null}
              {item.lastError && item.status !== "sent" ? <p className="break-words text-xs">{item.lastError}</p> : null}
            </>
          ) : (
            <>
              <p className="whitespace-pre-wrap break-words">{item.summary}</p>
              <p className="text-xs text-muted-foreground">Logged by {item.staffName}</p>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
