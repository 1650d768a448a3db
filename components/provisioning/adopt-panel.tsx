"use client";
import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { adoptFromRouterAction, previewAdoptionAction } from "@/lib/provisioning/actions/reconcile";
import type { AdoptionCandidate } from "@/lib/provisioning/adopt";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { DataTable } from "@/components/ui/table";

type Plan = { id: string; name: string; type: string };
type Row = AdoptionCandidate & { selected: boolean; planId: string; customerName: string };

/** "Lolo Ramos, Purok 3" → "Lolo Ramos": the router comment usually starts with the subscriber's name. */
const nameFromComment = (c: AdoptionCandidate) => c.comment.split(/[,;|]/)[0].trim() || c.name;

/** Preview the router's unmanaged accounts, choose plan and name per account, then adopt them in one go. */
export function AdoptPanel({ routerId, plans }: { routerId: string; plans: Plan[] }) {
  const router = useRouter();
  const ids = useId();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [pending, start] = useTransition();
  const update = (index: number, patch: Partial<Row>) => setRows((current) => current!.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const selected = rows?.filter((r) => r.selected) ?? [];

  const preview = () =>
    start(async () => {
      const outcome = await previewAdoptionAction({ routerId });
      if (!outcome.ok) {
        toast.error(outcome.message);
        return;
      }
      setRows(outcome.data.map((c) => ({ ...c, selected: false, planId: c.suggestedPlanId ?? "", customerName: nameFromComment(c) })));
      toast.info(
        outcome.data.length
          ? `${outcome.data.length} accounts on the router are not managed by NetSphere yet.`
          : "Every account on this router is already managed.",
      );
    });

  const adopt = () =>
    start(async () => {
      const missingPlan = selected.find((r) => !r.planId);
      if (missingPlan) {
        toast.error(`Choose a plan for ${missingPlan.name}.`);
        return;
      }
      const outcome = await adoptFromRouterAction({
        routerId,
        items: selected.map((r) => ({ name: r.name, kind: r.kind, planId: r.planId, customerName: r.customerName })),
      });
      if (!outcome.ok) {
        toast.error(outcome.message);
        return;
      }
      toast.success(`${outcome.data.adopted} accounts adopted: customers created and the router entries now follow NetSphere.`);
      setRows(null);
      router.refresh();
    });

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" onClick={preview} disabled={pending}>
          {pending && !rows ? "Reading the router…" : rows ? "Read again" : "Find accounts on this router"}
        </Button>
        {rows && rows.length > 0 ? (
          <Button onClick={adopt} disabled={pending || selected.length === 0}>
            Adopt {selected.length} {selected.length === 1 ? "account" : "accounts"}
          </Button>
        ) : null}
      </div>
      {rows && rows.length > 0 ? (
        <DataTable
          columns={[{ label: "Adopt" }, { label: "Account" }, { label: "Router profile / comment" }, { label: "Plan" }, { label: "Customer name" }]}
        >
          {rows.map((r, index) => (
            <tr key={`${r.kind}:${r.name}`}>
              <td className="p-3">
                <input
                  type="checkbox"
                  className="size-4"
                  checked={r.selected}
                  disabled={!!r.problem}
                  onChange={(e) => update(index, { selected: e.target.checked })}
                  aria-label={`Adopt ${r.name}`}
                />
              </td>
              <td className="p-3">
                <span className="font-mono text-xs">{r.name}</span>
                <span className="block text-xs text-muted-foreground">
                  {r.kind === "pppoe" ? "PPPoE" : "Hotspot"}
                  {r.disabled ? " · disabled" : ""}
                </span>
                {r.problem ? <span className="block text-xs text-danger">{r.problem}</span> : null}
              </td>
              <td className="p-3 text-xs">
                <span className="font-mono">{r.profile}</span>
                {r.comment ? <span className="block text-muted-foreground">{r.comment}</span> : null}
              </td>
              <td className="p-3">
                <NativeSelect
                  aria-label={`Plan for ${r.name}`}
                  id={`${ids}-plan-${index}`}
                  value={r.planId}
                  onChange={(e) => update(index, { planId: e.target.value })}
                >
                  <option value="">Choose a plan</option>
                  {plans
                    .filter((p) => p.type === r.kind)
                    .map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                </NativeSelect>
              </td>
              <td className="p-3">
                <Input
                  aria-label={`Customer name for ${r.name}`}
                  value={r.customerName}
                  onChange={(e) => update(index, { customerName: e.target.value })}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </div>
  );
}
