import { formatDateTime } from "@/lib/core/dates";
import { DataTable } from "@/components/ui/table";
import { formatSpeed } from "@/components/portal/format";
import type { SpeedTestRow } from "@/lib/portal/speed-tests";

/** Stored speed tests, newest first: the subscriber's history in the portal and support's view on the customer page. */
export function SpeedTestTable({ tests, timeZone, label }: { tests: SpeedTestRow[]; timeZone: string; label: string }) {
  return (
    <DataTable
      label={label}
      columns={[
        { label: "When" },
        { label: "Download", align: "right" },
        { label: "Upload", align: "right" },
        { label: "Latency", align: "right" },
        { label: "Jitter", align: "right" },
      ]}
    >
      {tests.map((test) => (
        <tr key={test.id}>
          <td className="whitespace-nowrap p-3">{formatDateTime(test.createdAt, timeZone)}</td>
          <td className="whitespace-nowrap p-3 text-right tabular-nums">{formatSpeed(test.downloadKbps)}</td>
          <td className="whitespace-nowrap p-3 text-right tabular-nums">{formatSpeed(test.uploadKbps)}</td>
          <td className="whitespace-nowrap p-3 text-right tabular-nums">{Math.round(test.latencyMs)} ms</td>
          <td className="whitespace-nowrap p-3 text-right tabular-nums">{Math.round(test.jitterMs)} ms</td>
        </tr>
      ))}
    </DataTable>
  );
}
