import { metPercent, type SlaFigures } from "@/lib/tickets/report";
import { DataTable } from "@/components/ui/table";

const percent = (met: number, breached: number) => {
  const p = metPercent(met, breached);
  return p === null ? "—" : `${p.toLocaleString("en-PH")}%`;
};

/** One breakdown of the SLA report: per row, tickets opened, and met / breached / % met for each target. */
export function SlaReportTable({ title, rows }: { title: string; rows: SlaFigures[] }) {
  return (
    <section aria-label={title} className="flex flex-col gap-2">
      <h2 className="text-base font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">No tickets were opened in this period.</p>
      ) : (
        <DataTable
          label={`SLA ${title.toLowerCase()}`}
          columns={[
            { label: title.replace(/^By /, "").replace(/^./, (c) => c.toUpperCase()) },
            { label: "Tickets", align: "right" },
            { label: "Response met", align: "right" },
            { label: "Response breached", align: "right" },
            { label: "Response % met", align: "right" },
            { label: "Resolution met", align: "right" },
            { label: "Resolution breached", align: "right" },
            { label: "Resolution % met", align: "right" },
          ]}
        >
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="p-3 text-left font-medium">
                {r.label}
              </th>
              <td className="p-3 text-right tabular-nums">{r.tickets}</td>
              <td className="p-3 text-right tabular-nums">{r.firstResponseMet}</td>
              <td className="p-3 text-right tabular-nums">{r.firstResponseBreached}</td>
              <td className="p-3 text-right tabular-nums">{percent(r.firstResponseMet, r.firstResponseBreached)}</td>
              <td className="p-3 text-right tabular-nums">{r.resolutionMet}</td>
              <td className="p-3 text-right tabular-nums">{r.resolutionBreached}</td>
              <td className="p-3 text-right tabular-nums">{percent(r.resolutionMet, r.resolutionBreached)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
