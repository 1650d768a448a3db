"use client";
import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { adoptFromRouterAction, adoptPoolsFromRouterAction, previewAdoptionAction } from "@/lib/provisioning/actions/reconcile";
import type { AdoptionCandidate } from "@/lib/provisioning/adopt";
import type { PoolAdoptionCandidate } from "@/lib/ipam/adoption";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { DataTable } from "@/components/ui/table";
import { AdoptPoolsTable, type PoolRow } from "@/components/provisioning/adopt-pools-table";

type Plan = { id: string; name: string; type: string };
type Row = AdoptionCandidate & { selected: boolean; planId: string; customerName: string };

/** "Lolo Ramos, Purok 3" → "Lolo Ramos": the router comment usually starts with the subscriber's name. */
const nameFromComment = (c: AdoptionCandidate) => c.comment.split(/[,;|]/)[0].trim() || c.name;

/**
 * Preview the router's unmanaged accounts and address pools; choose plan and name per account and adopt them in one go,
 * and tick the pools to record in IP management and adopt them with their own button.
 */
export function AdoptPanel({ routerId, plans }: { routerId: string; plans: Plan[] }) {
  const router = useRouter();
  const ids = useId();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [pools, setPools] = useState<PoolRow[] | null>(null);
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
      const { accounts, pools: found } = outcome.data;
      setRows(accounts.map((c) => ({ ...c, selected: false, planId: c.suggestedPlanId ?? "", customerName: nameFromComment(c) })));
      setPools(found.map((p: PoolAdoptionCandidate) => ({ ...p, selected: false })));
      toast.info(
        accounts.length || found.length
          ? `Not managed by NetSphere yet: ${accounts.length} ${accounts.length === 1 ? "account" : "accounts"}, ${found.length} address ${found.length === 1 ? "pool" : "pools"}.`
          : "Every account and address pool on this router is already managed.",
      );
    });

  const selectedPools = pools?.filter((p) => p.selected) ?? [];
  const adoptPools = () =>
    start(async () => {
      const outcome = await adoptPoolsFromRouterAction({ routerId, pools: selectedPools.map((p) => ({ name: p.name, ranges: p.ranges })) });
      if (!outcome.ok) {
        toast.error(outcome.message);
        return;
      }
      const made = outcome.data.prefixesCreated;
      toast.success(
        `${outcome.data.adopted} ${outcome.data.adopted === 1 ? "pool" : "pools"} adopted: recorded in IP addresses and kept on this router by NetSphere${made.length ? `; prefixes recorded: ${made.join(", ")}` : ""}.`,
      );
      setPools((current) => current!.filter((p) => !p.selected));
      router.refresh();
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
          {pending && !rows ? "Reading the router…" : rows ? "Read again" : "Find accounts and pools on this router"}
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
      {pools && pools.length > 0 ? (
        <section aria-labelledby={`${ids}-pools`} className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 id={`${ids}-pools`} className="text-sm font-medium">
              Address pools (/ip/pool)
            </h3>
            <Button onClick={adoptPools} disabled={pending || selectedPools.length === 0}>
              Adopt {selectedPools.length} {selectedPools.length === 1 ? "pool" : "pools"}
            </Button>
          </div>
          <AdoptPoolsTable
            rows={pools}
            onSelect={(index, selected) => setPools((current) => current!.map((p, i) => (i === index ? { ...p, selected } : p)))}
          />
        </section>
      ) : null}
    </div>
  );
}
