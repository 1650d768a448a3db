import { Paperclip } from "lucide-react";
import type { getCustomerTicket } from "@/lib/tickets/customer";
import { formatDateTime } from "@/lib/core/dates";
import { formatBytes } from "@/lib/storage/file-types";
import { cn } from "@/lib/core/cn";

type Detail = NonNullable<Awaited<ReturnType<typeof getCustomerTicket>>>;

/** The public conversation of the subscriber's ticket, oldest first; files download through the portal. */
export function TicketConversation({
  ticketId,
  messages,
  timeZone,
  ispName,
}: {
  ticketId: string;
  messages: Detail["messages"];
  timeZone: string;
  ispName: string;
}) {
  if (messages.length === 0) return <p className="text-sm text-muted-foreground">No replies yet. {ispName} will answer here.</p>;
  return (
    <ol className="flex flex-col gap-3">
      {messages.map((m) => {
        const mine = m.authorType === "customer";
        return (
          <li key={m.id} className={cn("rounded-lg border p-3", mine ? "bg-muted" : "border-l-4 border-l-primary bg-card")}>
            <p className="mb-1 flex flex-wrap gap-x-2 text-xs text-muted-foreground">
              <span className="font-medium text-foreground">{mine ? "You" : `${m.authorName} (${ispName})`}</span>
              <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, timeZone)}</time>
            </p>
            <p className="whitespace-pre-wrap break-words text-sm">{m.body}</p>
            {m.files.length > 0 ? (
              <ul className="mt-2 flex flex-col gap-1 text-sm" aria-label="Attachments">
                {m.files.map((f) => (
                  <li key={f.id} className="flex items-center gap-1.5">
                    <Paperclip aria-hidden className="size-3.5 shrink-0 text-muted-foreground" />
                    <a className="truncate text-primary underline" href={`/api/portal/tickets/${ticketId}/files/${f.id}`}>
                      {f.filename}
                    </a>
                    <span className="shrink-0 text-xs text-muted-foreground">{formatBytes(f.sizeBytes)}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
