"use client";
import { useRouter } from "next/navigation";
import { saveBusinessHoursAction } from "@/lib/tickets/actions/sla-settings";
import type { BusinessHoursValues } from "@/lib/tickets/sla-rules";
import { weekdayNames } from "@/lib/tickets/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** Opening and closing time per weekday, in the ISP's time zone; a closed day stops the business-hours clock. */
export function BusinessHoursForm({ initial, timeZone }: { initial: BusinessHoursValues; timeZone: string }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tickets/sla-rules").then((m) => m.businessHoursSchema),
    defaultValues: initial,
    action: saveBusinessHoursAction,
    successMessage: "Business hours saved. They apply to tickets opened from now on.",
    onSuccess: () => router.refresh(),
  });
  const days = form.watch("days");
  // A refinement of the whole week lands on `days.root` in the browser and on `days` from the server.
  const weekError = errorOf("days") ?? errorOf("days.root");
  // Monday first, as the week is read here.
  const order = [1, 2, 3, 4, 5, 6, 0];
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <p className="text-sm text-muted-foreground">Times are in {timeZone}.</p>
      <ul className="flex flex-col divide-y">
        {order.map((day) => {
          const closed = days?.[day]?.closed;
          return (
            <li key={day} className="grid grid-cols-2 items-end gap-3 py-3 sm:grid-cols-[8rem_1fr_1fr_1fr]">
              <span className="col-span-2 text-sm font-semibold sm:col-span-1 sm:self-center">{weekdayNames[day]}</span>
              <div className="col-span-2 sm:col-span-1 sm:self-center">
                <CheckboxField label={`Closed on ${weekdayNames[day]}`} {...form.register(`days.${day}.closed`)} />
              </div>
              <Field label="Opens" error={errorOf(`days.${day}.open`)}>
                <Input type="time" readOnly={closed} aria-disabled={closed || undefined} {...form.register(`days.${day}.open`)} />
              </Field>
              <Field label="Closes" error={errorOf(`days.${day}.close`)}>
                <Input type="time" readOnly={closed} aria-disabled={closed || undefined} {...form.register(`days.${day}.close`)} />
              </Field>
            </li>
          );
        })}
      </ul>
      {weekError ? (
        <p className="text-xs font-medium text-danger" role="alert">
          {weekError}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save business hours"}
        </Button>
      </div>
    </form>
  );
}
