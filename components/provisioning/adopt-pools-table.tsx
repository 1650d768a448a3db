"use client";
import type { PoolAdoptionCandidate } from "@/lib/ipam/adoption";
import { DataTable } from "@/components/ui/table";

export type PoolRow = PoolAdoptionCandidate & { selected: boolean };

const carriedLabels = { this_router: "on this router", other_router: "on another router", nowhere: "on no router" } as const;

/** The router's unmanaged `/ip/pool` entries: where each would go in IP management, or why it can't be adopted. */
export function AdoptPoolsTable({ rows, onSelect }: { rows: PoolRow[]; onSelect: (index: number, selected: boolean) => void }) {
  return (
    <DataTable columns={[{ label: "Adopt" }, { label: "Pool" }, { label: "Ranges" }, { label: "Prefix" }, { label: "In NetSphere" }]}>
      {rows.map((p, index) => (
        <tr key={p.name}>
          <td className="p-3">
            <input
              type="checkbox"
              className="size-4"
              checked={p.selected}
              disabled={!!p.problem}
              onChange={(e) => onSelect(index, e.target.checked)}
              aria-label={`Adopt pool ${p.name}`}
            />
          </td>
          <td className="p-3">
            <span className="font-mono text-xs">{p.name}</span>
            {p.comment ? <span className="block text-xs text-muted-foreground">{p.comment}</span> : null}
            {p.problem ? <span className="block text-xs text-danger">{p.problem}</span> : null}
          </td>
          <td className="p-3 text-xs">
            <span className="font-mono break-all">{p.ranges}</span>
            {p.nextPool ? <span className="block text-muted-foreground">then {p.nextPool}</span> : null}
          </td>
          <td className="p-3 text-xs">
            {p.newPrefix ? (
              <>
                <span className="font-mono">{p.newPrefix}</span>
                <span className="block text-muted-foreground">recorded on adoption</span>
              </>
            ) : p.prefix ? (
              <span className="font-mono">{p.prefix}</span>
            ) : (
              <span className="text-muted-foreground">none</span>
            )}
          </td>
          <td className="p-3 text-xs">
            {p.recordedPool ? (
              <>
                <span className="font-mono">{p.recordedPool.range}</span>
                <span className="block text-muted-foreground">
                  {carriedLabels[p.recordedPool.carried]}
                  {p.adoptAs === "existing" ? " · adopting links it to this entry" : ""}
                </span>
              </>
            ) : (
              <span className="text-muted-foreground">not recorded</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
