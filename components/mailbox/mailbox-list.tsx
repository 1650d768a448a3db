import { ChevronRight, Paperclip } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { MailText } from "@/components/mailbox/mail-text";

export type MailboxItem = {
  id: string;
  to: string;
  subject: string;
  text: string;
  when: string;
  status: "stored" | "sent" | "failed";
  transport: "dev" | "smtp";
  error: string | null;
  /** Files sent with it (invoice and receipt PDFs), downloadable through an authorized route. */
  attachments?: { id: string; filename: string; href: string }[];
};

const statusBadge = {
  stored: { tone: "info", label: "Stored (no SMTP)" },
  sent: { tone: "success", label: "Sent" },
  failed: { tone: "danger", label: "Failed" },
} as const;

/** Newest first; each email opens in place (native <details>, keyboard and screen-reader friendly). */
export function MailboxList({ emails }: { emails: MailboxItem[] }) {
  return (
    <ul className="flex flex-col gap-2">
      {emails.map((mail) => (
        <li key={mail.id}>
          <details className="group rounded-lg border bg-card">
            <summary className="flex cursor-pointer list-none items-start gap-3 rounded-lg p-3 hover:bg-muted [&::-webkit-details-marker]:hidden">
              <ChevronRight className="mt-0.5 size-4 shrink-0 transition-transform group-open:rotate-90" aria-hidden="true" />
              <span className="flex min-w-0 flex-1 flex-col gap-1 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
                <span className="min-w-0">
                  <span className="block font-medium">{mail.subject}</span>
                  <span className="block break-all text-sm text-muted-foreground">To {mail.to}</span>
                  {mail.attachments?.length ? (
                    <span className="flex items-center gap-1 text-sm text-muted-foreground">
                      <Paperclip className="size-3.5" aria-hidden="true" />
                      {mail.attachments.length === 1 ? "1 attachment" : `${mail.attachments.length} attachments`}
                    </span>
                  ) : null}
                </span>
                <span className="flex shrink-0 flex-wrap items-center gap-2 text-sm text-muted-foreground sm:flex-col sm:items-end">
                  <time className="tabular-nums">{mail.when}</time>
                  <Badge tone={statusBadge[mail.status].tone}>{statusBadge[mail.status].label}</Badge>
                </span>
              </span>
            </summary>
            <div className="border-t p-3 sm:pl-10">
              {mail.error ? (
                <p role="note" className="mb-3 rounded-md border border-danger/50 px-3 py-2 text-sm text-danger">
                  Delivery failed: {mail.error}
                </p>
              ) : null}
              <MailText text={mail.text} />
              {mail.attachments?.length ? (
                <ul aria-label="Attachments" className="mt-3 flex flex-wrap gap-2">
                  {mail.attachments.map((file) => (
                    <li key={file.id}>
                      <a
                        href={file.href}
                        download={file.filename}
                        className="inline-flex items-center gap-1.5 rounded-md border px-2.5 py-1 text-sm text-primary underline-offset-2 hover:underline"
                      >
                        <Paperclip className="size-3.5" aria-hidden="true" />
                        {file.filename}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
