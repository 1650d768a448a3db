"use client";
import { DataTable } from "@/components/ui/table";
import { cn } from "@/lib/core/cn";
import { KickSessionButton } from "@/components/routers/kick-session-button";
import type { DiagnosticResult } from "@/lib/network/diagnostics";

/** A diagnostic's rows as a table with headers; live sessions get a Kick button when the role may kick. */
export function DiagnosticResultTable({
  routerId,
  result,
  canKick,
  onKicked,
}: {
  routerId: string;
  result: DiagnosticResult;
  canKick: boolean;
  onKicked: () => void;
}) {
  const kickable = result.kickable && canKick ? result.kickable : null;
  const columns = [...result.columns.map((c) => ({ label: c.label, align: c.align })), ...(kickable ? [{ label: "Actions", srOnly: true }] : [])];
  if (result.rows.length === 0) return <p className="text-sm text-muted-foreground">The router returned no rows.</p>;
  return (
    <DataTable columns={columns} className="max-h-[28rem] overflow-y-auto">
      {result.rows.map((row, index) => (
        <tr key={row.id || `${index}`}>
          {result.columns.map((column) => (
            <td key={column.key} className={cn("p-3", column.align === "right" && "text-right tabular-nums")}>
              {row[column.key] || "—"}
            </td>
          ))}
          {kickable ? (
            <td className="p-3 text-right">
              <KickSessionButton routerId={routerId} service={kickable} name={row.name} id={row.id || undefined} onKicked={onKicked} />
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}
