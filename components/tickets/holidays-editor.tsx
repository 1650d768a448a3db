"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/core/action";
import { addHolidayAction, addNationalHolidaysAction, removeHolidayAction } from "@/lib/tickets/actions/sla-settings";
import { formatCalendarDate } from "@/lib/core/dates";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

type Holiday = { id: string; date: string; name: string };

/** Closed days: the business-hours clock skips them. Add one, remove one, or add a year's Philippine regular holidays. */
export function HolidaysEditor({ holidays, years }: { holidays: Holiday[]; years: number[] }) {
  const router = useRouter();
  const [busy, startTransition] = useTransition();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tickets/sla-rules").then((m) => m.holidaySchema),
    defaultValues: { date: "", name: "" },
    action: addHolidayAction,
    successMessage: "Holiday added.",
    onSuccess: () => {
      form.reset({ date: "", name: "" });
      router.refresh();
    },
  });
  function run<T>(work: () => Promise<ActionResult<T>>, done: (data: T) => string) {
    startTransition(async () => {
      const result = await work();
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(done(result.data));
      router.refresh();
    });
  }
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap gap-2">
        {years.map((year) => (
          <Button
            key={year}
            type="button"
            variant="outline"
            disabled={busy}
            onClick={() =>
              run(
                () => addNationalHolidaysAction({ year }),
                (data) =>
                  data.added === 0 ? `The ${year} national holidays were already there.` : `Added ${data.added} national holidays of ${year}.`,
              )
            }
          >
            Add {year} national holidays
          </Button>
        ))}
      </div>
      <p className="text-xs text-muted-foreground">
        Adds the Philippine regular holidays whose dates follow a rule (New Year, Holy Week, Araw ng Kagitingan, Labor Day, Independence Day, National
        Heroes Day, Bonifacio Day, Christmas, Rizal Day). Add Eid&apos;l Fitr, Eid&apos;l Adha and special days below once they are proclaimed.
      </p>
      <form method="post" onSubmit={submit} noValidate className="grid items-end gap-3 sm:grid-cols-[10rem_1fr_auto]">
        <Field label="Date" error={errorOf("date")}>
          <Input type="date" {...form.register("date")} />
        </Field>
        <Field label="Name" error={errorOf("name")}>
          <Input autoComplete="off" placeholder="e.g. Town fiesta" {...form.register("name")} />
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add holiday"}
        </Button>
      </form>
      {holidays.length === 0 ? (
        <p className="text-sm text-muted-foreground">No holidays from this year on.</p>
      ) : (
        <ul className="divide-y rounded-md border" aria-label="Holidays">
          {holidays.map((h) => (
            <li key={h.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
              <span>
                <span className="font-medium">{formatCalendarDate(h.date)}</span> · {h.name}
              </span>
              <Button
                type="button"
                size="sm"
                variant="ghost"
                disabled={busy}
                onClick={() =>
                  run(
                    () => removeHolidayAction({ holidayId: h.id }),
                    () => `${h.name} removed.`,
                  )
                }
              >
                Remove
                <span className="sr-only">
                  {" "}
                  {h.name}, {formatCalendarDate(h.date)}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
