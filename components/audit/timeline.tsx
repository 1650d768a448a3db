import { formatDateTime } from "@/lib/core/dates";
import type { AuditEntry } from "@/lib/audit/schema";
import { describeAuditAction, describeChanges } from "@/lib/audit/describe";

export function Timeline({ entries, timeZone }: { entries: AuditEntry[]; timeZone: string }) {
  return (
    <ol className="relative flex flex-col gap-4 border-l pl-5">
      {entries.map((e) => (
        <li key={e.id} className="relative">
          <span className="absolute -left-[1.6rem] top-1.5 size-2.5 rounded-full bg-primary" aria-hidden="true" />
          <p className="text-sm font-medium">{describeAuditAction(e.action)}</p>
          <p className="text-xs text-muted-foreground">
            <time dateTime={e.createdAt.toISOString()}>{formatDateTime(e.createdAt, timeZone)}</time> · {e.actorLabel}
          </p>
          {describeChanges(e.before, e.after).length > 0 ? (
            <ul className="mt-1 text-xs text-muted-foreground">
              {describeChanges(e.before, e.after).map((line) => (
                <li key={line} className="break-words">
                  {line}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
