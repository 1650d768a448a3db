"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { changeOwnPlan } from "@/lib/tenants/actions/settings";
import { netsphereCycleLabels, netsphereCycles, type NetsphereCycle } from "@/lib/tenants/values";
import { formatMoney } from "@/lib/core/money";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";

export type PlanChoice = { id: string; name: string; monthlyCentavos: number; yearlyCentavos: number; tooSmall: boolean };

type Outcome = { invoiceNumber: string | null; creditNoteNumber: string | null; chargeCentavos: number; creditCentavos: number; duringTrial: boolean };

function describe(planName: string, cycle: NetsphereCycle, outcome: Outcome) {
  const parts = [`You are now on ${planName}, billed ${cycle}.`];
  if (outcome.duringTrial) parts.push("Nothing is billed during your trial.");
  if (outcome.invoiceNumber) parts.push(`Invoice ${outcome.invoiceNumber}: ${formatMoney(outcome.chargeCentavos)}.`);
  if (outcome.creditNoteNumber) parts.push(`Credit note ${outcome.creditNoteNumber}: ${formatMoney(outcome.creditCentavos)} off your next invoice.`);
  return parts.join(" ");
}

/**
 * The owner's plan change: a NetSphere plan and how often to pay. The server prorates (unused days of the current plan
 * credited, the new one charged) and refuses a plan smaller than what the ISP already has.
 */
export function ChangePlanForm({
  plans,
  currentPlanId,
  currentCycle,
  inTrial,
  disabledReason,
}: {
  plans: PlanChoice[];
  currentPlanId: string;
  currentCycle: NetsphereCycle;
  inTrial: boolean;
  /** Why the form cannot be used now (read-only account), shown instead of the button's action. */
  disabledReason?: string | null;
}) {
  const router = useRouter();
  const [planId, setPlanId] = useState(currentPlanId);
  const [cycle, setCycle] = useState<NetsphereCycle>(currentCycle);
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const plan = plans.find((p) => p.id === planId);
  const unchanged = planId === currentPlanId && cycle === currentCycle;
  const price = plan ? formatMoney(cycle === "yearly" ? plan.yearlyCentavos : plan.monthlyCentavos) : "";
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1.5 text-sm font-medium">
          NetSphere plan
          <NativeSelect value={planId} onChange={(e) => setPlanId(e.target.value)} className="w-56" disabled={!!disabledReason}>
            {plans.map((p) => (
              <option key={p.id} value={p.id} disabled={p.tooSmall}>
                {p.name}
                {p.tooSmall ? " (below your usage)" : ""}
              </option>
            ))}
          </NativeSelect>
        </label>
        <label className="flex flex-col gap-1.5 text-sm font-medium">
          Billed
          <NativeSelect value={cycle} onChange={(e) => setCycle(e.target.value as NetsphereCycle)} className="w-36" disabled={!!disabledReason}>
            {netsphereCycles.map((c) => (
              <option key={c} value={c}>
                {netsphereCycleLabels[c]}
              </option>
            ))}
          </NativeSelect>
        </label>
        <Button disabled={unchanged || !!disabledReason || pending || plan?.tooSmall} onClick={() => setOpen(true)}>
          Change plan
        </Button>
      </div>
      {disabledReason ? <p className="text-sm text-muted-foreground">{disabledReason}</p> : null}
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent
          title={`Switch to ${plan?.name ?? ""}, billed ${cycle}?`}
          description={
            inTrial
              ? `Your trial goes on with ${plan?.name}; from its end you pay ${price} ${cycle === "yearly" ? "a year" : "a month"}.`
              : cycle === currentCycle
                ? `From today you pay ${price} ${cycle === "yearly" ? "a year" : "a month"}. The unused days of your current plan are credited and the same days of the new one charged: an upgrade is invoiced now, a downgrade leaves credit for your next invoice.`
                : `Your current period ends today: its unused days are credited, and a new ${cycle} period of ${price} starts today, invoiced now with that credit applied.`
          }
        >
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="ghost">Cancel</Button>
            </DialogClose>
            <Button
              disabled={pending}
              onClick={() =>
                start(async () => {
                  const result = await changeOwnPlan({ saasPlanId: planId, cycle });
                  if (!result.ok) return void toast.error(result.message);
                  toast.success(describe(plan?.name ?? planId, cycle, result.data));
                  setOpen(false);
                  router.refresh();
                })
              }
            >
              {pending ? "Switching…" : "Switch plan"}
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}
