"use client";
import { useRouter } from "next/navigation";
import { createMaintenanceWindowAction, endMaintenanceWindowAction } from "@/lib/alerts/actions/rules";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/staff/confirm-button";

type Option = { id: string; name: string };

/** Plan a window: a router, a site or every router; start and end on the ISP's wall clock. */
export function MaintenanceForm({
  routers,
  sites,
  startsAt,
  endsAt,
  timeZone,
}: {
  routers: Option[];
  sites: Option[];
  startsAt: string;
  endsAt: string;
  timeZone: string;
}) {
  const initial = { routerId: "", siteId: "", startsAt, endsAt, reason: "" };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/alerts/forms").then((m) => m.maintenanceFormSchema),
    defaultValues: initial,
    action: createMaintenanceWindowAction,
    successMessage: "Maintenance window planned: incidents inside it are recorded and nobody is told.",
    resetOnSuccess: true,
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
      <Field label="Router" error={errorOf("routerId")}>
        <NativeSelect {...form.register("routerId")}>
          <option value="">Not one router</option>
          {routers.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Site" hint="Neither router nor site: every router" error={errorOf("siteId")}>
        <NativeSelect {...form.register("siteId")}>
          <option value="">Not one site</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Starts" hint={timeZone} error={errorOf("startsAt")}>
        <Input type="datetime-local" {...form.register("startsAt")} />
      </Field>
      <Field label="Ends" hint="At most 7 days after it starts" error={errorOf("endsAt")}>
        <Input type="datetime-local" {...form.register("endsAt")} />
      </Field>
      <Field label="Reason" hint="Shown on incidents it silences" error={errorOf("reason")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input autoComplete="off" {...form.register("reason")} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Plan window"}
        </Button>
      </div>
    </form>
  );
}

export function EndMaintenanceButton({ windowId, started, reason }: { windowId: string; started: boolean; reason: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label={started ? "End now" : "Cancel"}
      ariaLabel={`${started ? "End now" : "Cancel"}: ${reason}`}
      title={started ? "End this maintenance window now?" : "Cancel this maintenance window?"}
      description={started ? "Rules alert as usual from now; an incident still open is told to the on-call." : "It has not started: it is removed."}
      confirmLabel={started ? "End now" : "Cancel window"}
      successMessage={started ? "Maintenance ended." : "Maintenance window cancelled."}
      run={() => endMaintenanceWindowAction({ windowId })}
      onDone={() => router.refresh()}
    />
  );
}
