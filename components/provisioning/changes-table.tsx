import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import type { ReconcileChange } from "@/lib/provisioning/schema";

const actionLabels: Record<ReconcileChange["action"], string> = {
  add: "Add",
  set: "Change",
  remove: "Remove",
  kick: "Disconnect",
  conflict: "Conflict",
  foreign: "Foreign",
};
const outcomeTone = { planned: "neutral", applied: "success", failed: "danger", skipped: "warning" } as const;

/** A drift report's lines: what differed, what was (or would be) done, and what failed with the router's own message. */
export function ChangesTable({ changes }: { changes: ReconcileChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-muted-foreground">The router matches NetSphere: nothing to change.</p>;
  return (
    <DataTable columns={[{ label: "Action" }, { label: "Menu" }, { label: "Entry" }, { label: "Difference" }, { label: "Outcome" }]}>
      {changes.map((c, index) => (
        <tr key={`${c.menu}-${c.name}-${c.action}-${index}`}>
          <td className="p-3 font-medium">{actionLabels[c.action]}</td>
          <td className="p-3 font-mono text-xs">/{c.menu}</td>
          <td className="p-3 font-mono text-xs">{c.name}</td>
          <td className="p-3 text-xs">
            {c.fields ? (
              <ul>
                {Object.entries(c.fields).map(([field, [router, ours]]) => (
                  <li key={field}>
                    <span className="font-mono">{field}</span>: {router || "—"} → <strong>{ours || "—"}</strong>
                  </li>
                ))}
              </ul>
            ) : (
              (c.reason ?? "")
            )}
          </td>
          <td className="p-3">
            <Badge tone={outcomeTone[c.outcome]}>{c.outcome}</Badge>
            {c.error ? <span className="mt-1 block text-xs text-danger">{c.error}</span> : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
