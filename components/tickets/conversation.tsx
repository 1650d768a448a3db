import { Lock, MessageSquare } from "lucide-react";
import type { TicketDetail } from "@/lib/tickets/queries";
import { formatDateTime } from "@/lib/core/dates";
import { cn } from "@/lib/core/cn";
import { AttachmentList } from "@/components/documents/attachment-list";

type Message = TicketDetail["messages"][number];

/** The ticket's conversation, oldest first: public replies, internal notes (marked, never shown to the customer) and events. */
export function Conversation({ messages, timeZone }: { messages: Message[]; timeZone: string }) {
  if (messages.length === 0)
    return <p className="text-sm text-muted-foreground">No replies yet. The first public reply stops the first-response clock.</p>;
  return (
    <ol className="flex flex-col gap-3">
      {messages.map((m) => {
        const when = <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, timeZone)}</time>;
        if (m.kind === "event") {
          return (
            <li key={m.id} className="flex flex-wrap gap-x-2 px-1 text-xs text-muted-foreground">
              <span className="text-foreground">{m.body}</span>
              <span>
                {m.authorName} · {when}
              </span>
            </li>
          );
        }
        const note = m.kind === "internal_note";
        const customer = m.authorType === "customer";
        return (
          <li
            key={m.id}
            className={cn(
              "rounded-lg border p-3",
              note ? "border-dashed border-warning/70 bg-warning/5" : customer ? "bg-muted" : "border-l-4 border-l-primary bg-card",
            )}
          >
            <div className="mb-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground">
              <span className="font-medium text-foreground">{m.authorName}</span>
              {note ? (
                <span className="inline-flex items-center gap-1 font-medium text-warning">
                  <Lock aria-hidden className="size-3" /> Internal note, not shown to the customer
                </span>
              ) : (
                <span className="inline-flex items-center gap-1">
                  <MessageSquare aria-hidden className="size-3" /> {customer ? "Customer reply" : "Public reply"}
                </span>
              )}
              <span>{when}</span>
            </div>
            <p className="whitespace-pre-wrap break-words text-sm">{m.body}</p>
            {m.files.length > 0 ? (
              <div className="mt-2">
                <AttachmentList files={m.files} label={`Attachments of ${m.authorName}'s message`} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
