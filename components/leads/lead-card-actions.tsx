"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { convertLeadAction, setLeadStageAction } from "@/lib/customers/actions/leads";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/forms/field";
import { NativeSelect, Input } from "@/components/ui/input";
import { OptionList } from "@/components/customers/subscription-fields";

type Option = { id: string; name: string };
const stages = [
  { id: "new", label: "New" },
  { id: "contacted", label: "Contacted" },
  { id: "site_survey", label: "Site survey" },
  { id: "lost", label: "Lost" },
] as const;

export function LeadCardActions({
  leadId,
  leadName,
  stage,
  plans,
  routers,
  canConvert,
  today,
}: {
  leadId: string;
  leadName: string;
  stage: string;
  plans: Option[];
  routers: Option[];
  canConvert: boolean;
  /** Today in the ISP's time zone: the default service start on conversion. */
  today: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [open, setOpen] = useState(false);
  const [planId, setPlanId] = useState(plans[0]?.id ?? "");
  const [routerId, setRouterId] = useState(routers[0]?.id ?? "");
  const [startDate, setStartDate] = useState(today);
  const move = (next: (typeof stages)[number]["id"]) =>
    start(async () => {
      const result = await setLeadStageAction({ leadId, stage: next });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`${leadName} moved to ${stages.find((s) => s.id === next)?.label}.`);
      router.refresh();
    });
  const convert = () =>
    start(async () => {
      const result = await convertLeadAction({ leadId, subscription: planId ? { planId, routerId, startDate, status: "active" } : undefined });
      if (!result.ok) return void toast.error(result.message);
      toast.success(`${leadName} is now customer ${result.data.accountNumber}.`);
      router.push(`/customers/${result.data.id}`);
    });
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`stage-${leadId}`}>
        Stage of {leadName}
      </label>
      <NativeSelect
        id={`stage-${leadId}`}
        className="h-8 w-auto text-xs"
        value={stage}
        disabled={pending}
        onChange={(e) => move(e.target.value as (typeof stages)[number]["id"])}
      >
        {stages.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </NativeSelect>
      {canConvert ? (
        <Dialog open={open} onOpenChange={setOpen}>
          <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
            Convert to customer
          </Button>
          <DialogContent
            title={`Convert ${leadName}`}
            description="Creates the customer with an account number, keeps the lead's history on their timeline, and optionally their subscription."
          >
            <div className="flex flex-col gap-3">
              <Field label="Plan">
                <NativeSelect value={planId} onChange={(e) => setPlanId(e.target.value)}>
                  <option value="">No subscription yet</option>
                  <OptionList options={plans} />
                </NativeSelect>
              </Field>
              {planId ? (
                <>
                  <Field label="Router">
                    <NativeSelect value={routerId} onChange={(e) => setRouterId(e.target.value)}>
                      <option value="">No router yet</option>
                      <OptionList options={routers} />
                    </NativeSelect>
                  </Field>
                  <Field label="Start date">
                    <Input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
                  </Field>
                </>
              ) : null}
              <Button onClick={convert} disabled={pending}>
                Convert
              </Button>
            </div>
          </DialogContent>
        </Dialog>
      ) : null}
    </div>
  );
}
