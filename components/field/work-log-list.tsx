import type { WorkLogEntry } from "@/lib/tickets/work-logs";

const time = (value: Date | null, timeZone: string) =>
  value ? value.toLocaleString("en-PH", { timeZone, dateStyle: "medium", timeStyle: "short" }) : "—";

/** The visits already recorded on a ticket, oldest first, with their materials and photos. */
export function WorkLogList({ logs, timeZone }: { logs: WorkLogEntry[]; timeZone: string }) {
  if (logs.length === 0) return <p className="text-sm text-muted-foreground">No visit recorded yet.</p>;
  return (
    <ol className="space-y-4">
      {logs.map((log) => (
        <li key={log.id} className="rounded-md border p-3 text-sm" data-testid="work-log">
          <p className="font-medium">
            {log.technicianName ?? "A technician"} · {time(log.arrivedAt, timeZone)} – {time(log.departedAt, timeZone)}
          </p>
          {log.notes ? <p className="mt-1 whitespace-pre-wrap break-words [overflow-wrap:anywhere]">{log.notes}</p> : null}
          {log.materials.length ? (
            <ul className="mt-2 list-inside list-disc text-muted-foreground">
              {log.materials.map((m, index) => (
                <li key={index}>
                  {m.quantity}
                  {m.unit ? ` ${m.unit}` : ""} {m.item}
                </li>
              ))}
            </ul>
          ) : null}
          {log.photos.length ? (
            <ul className="mt-2 flex flex-wrap gap-2">
              {log.photos.map((photo) => (
                <li key={photo.id}>
                  <a href={`/api/files/${photo.id}`} target="_blank" rel="noreferrer" className="block">
                    {/* eslint-disable-next-line @next/next/no-img-element -- served by our authorized file route, not the image optimizer */}
                    <img src={`/api/files/${photo.id}`} alt={`Photo ${photo.filename}`} className="size-20 rounded object-cover" loading="lazy" />
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
