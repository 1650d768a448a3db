"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { saveScheduleAction } from "@/lib/reports/builder/actions/save-schedule";
import { deleteScheduleAction } from "@/lib/reports/builder/actions/delete-schedule";
import { scheduleFrequencies, weekdayLabels, type ExportFormat, type ScheduleFrequency } from "@/lib/reports/builder/values";
import { Button } from "@/components/ui/button";
import { Input, Label, NativeSelect, Textarea } from "@/components/ui/input";

export type ScheduleForForm = {
  frequency: ScheduleFrequency;
  timeOfDay: string;
  weekday: number | null;
  monthDay: number | null;
  format: ExportFormat;
  recipientUserIds: string[];
  recipientEmails: string[];
  enabled: boolean;
  nextRunAt: string;
};

/** Daily, weekly or monthly delivery of a saved report by email, at a time of the ISP's day. */
export function ScheduleForm({
  reportId,
  schedule,
  staff,
  timeZone,
}: {
  reportId: string;
  schedule: ScheduleForForm | null;
  staff: { id: string; name: string; email: string }[];
  timeZone: string;
}) {
  const router = useRouter();
  const [frequency, setFrequency] = useState<ScheduleFrequency>(schedule?.frequency ?? "weekly");
  const [timeOfDay, setTimeOfDay] = useState(schedule?.timeOfDay ?? "07:00");
  const [weekday, setWeekday] = useState(String(schedule?.weekday ?? 1));
  const [monthDay, setMonthDay] = useState(String(schedule?.monthDay ?? 1));
  const [format, setFormat] = useState<ExportFormat>(schedule?.format ?? "xlsx");
  const [userIds, setUserIds] = useState<string[]>(schedule?.recipientUserIds ?? []);
  const [emails, setEmails] = useState((schedule?.recipientEmails ?? []).join(", "));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [note, setNote] = useState<string | null>(schedule ? `Next delivery: ${new Date(schedule.nextRunAt).toLocaleString("en-PH", { timeZone, dateStyle: "medium", timeStyle: "short" })}.` : null);
  const [pending, start] = useTransition();

  const submit = () =>
    start(async () => {
      const recipientEmails = [...new Set(emails.split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))];
      const response = await saveScheduleAction({
        reportId,
        frequency,
        timeOfDay,
        weekday: frequency === "weekly" ? Number(weekday) : null,
        monthDay: frequency === "monthly" ? Number(monthDay) : null,
        format,
        recipientUserIds: userIds,
        recipientEmails,
        enabled: true,
      });
      if (response.ok) {
        setErrors({});
        setNote(`Scheduled. Next delivery: ${new Date(response.data.nextRunAt).toLocaleString("en-PH", { timeZone, dateStyle: "medium", timeStyle: "short" })}.`);
        router.refresh();
      } else {
        setErrors(response.fieldErrors ?? {});
        setNote(response.message);
      }
    });
  const remove = () =>
    start(async () => {
      const response = await deleteScheduleAction({ reportId });
      setNote(response.ok ? "The schedule is stopped." : response.message);
      router.refresh();
    });
  const emailErrors = Object.entries(errors)
    .filter(([k]) => k.startsWith("recipientEmails"))
    .flatMap(([, v]) => v);

  return (
    <form method="post" className="space-y-3" onSubmit={(e) => (e.preventDefault(), submit())} aria-label="Schedule">
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="space-y-1">
          <Label htmlFor="schedule-frequency">How often</Label>
          <NativeSelect id="schedule-frequency" value={frequency} onChange={(e) => setFrequency(e.target.value as ScheduleFrequency)}>
            {scheduleFrequencies.map((f) => (
              <option key={f} value={f}>
                {f === "daily" ? "Daily" : f === "weekly" ? "Weekly" : "Monthly"}
              </option>
            ))}
          </NativeSelect>
        </div>
        {frequency === "weekly" ? (
          <div className="space-y-1">
            <Label htmlFor="schedule-weekday">On</Label>
            <NativeSelect id="schedule-weekday" value={weekday} onChange={(e) => setWeekday(e.target.value)}>
              {weekdayLabels.map((label, i) => (
                <option key={label} value={i}>
                  {label}
                </option>
              ))}
            </NativeSelect>
          </div>
        ) : null}
        {frequency === "monthly" ? (
          <div className="space-y-1">
            <Label htmlFor="schedule-day">Day of the month</Label>
            <Input id="schedule-day" type="number" min={1} max={31} value={monthDay} onChange={(e) => setMonthDay(e.target.value)} aria-describedby="schedule-day-hint" />
            <p id="schedule-day-hint" className="text-xs text-muted-foreground">
              A shorter month sends on its last day.
            </p>
          </div>
        ) : null}
        <div className="space-y-1">
          <Label htmlFor="schedule-time">Time ({timeZone})</Label>
          <Input id="schedule-time" type="time" value={timeOfDay} onChange={(e) => setTimeOfDay(e.target.value)} />
          {errors.timeOfDay ? <p className="text-sm text-danger">{errors.timeOfDay.join(" ")}</p> : null}
        </div>
        <div className="space-y-1">
          <Label htmlFor="schedule-format">File</Label>
          <NativeSelect id="schedule-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            <option value="xlsx">Excel (XLSX)</option>
            <option value="csv">CSV</option>
          </NativeSelect>
        </div>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Staff who receive it</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {staff.map((s) => (
            <label key={s.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={userIds.includes(s.id)} onChange={() => setUserIds((ids) => (ids.includes(s.id) ? ids.filter((x) => x !== s.id) : [...ids, s.id]))} />
              {s.name} <span className="text-muted-foreground">({s.email})</span>
            </label>
          ))}
        </div>
        {errors.recipientUserIds ? <p className="text-sm text-danger">{errors.recipientUserIds.join(" ")}</p> : null}
      </fieldset>
      <div className="space-y-1">
        <Label htmlFor="schedule-emails">Other addresses</Label>
        <Textarea id="schedule-emails" rows={2} value={emails} onChange={(e) => setEmails(e.target.value)} aria-describedby="schedule-emails-hint" placeholder="books@example.ph, owner@example.ph" />
        <p id="schedule-emails-hint" className="text-xs text-muted-foreground">
          Separated by commas. The file leaves NetSphere: send it only to people who may see it.
        </p>
        {emailErrors.length ? <p className="text-sm text-danger">{emailErrors.join(" ")}</p> : null}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : schedule ? "Save schedule" : "Schedule"}
        </Button>
        {schedule ? (
          <Button type="button" variant="outline" disabled={pending} onClick={remove}>
            Stop schedule
          </Button>
        ) : null}
      </div>
      <p role="status" className="text-sm text-muted-foreground">
        {note}
      </p>
    </form>
  );
}
