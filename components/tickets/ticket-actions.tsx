"use client";
import { useRouter } from "next/navigation";
import { assignTicketAction, changeTicketPriorityAction, changeTicketStatusAction, takeTicketAction } from "@/lib/tickets/actions/tickets";
import { priorityLabels, statusLabels, ticketPriorities, type TicketPriority, type TicketStatus } from "@/lib/tickets/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import type { StaffOption } from "@/components/tickets/ticket-filters";

/** Moves the ticket along the workflow; only the moves allowed from its status are offered. */
export function StatusForm({ ticketId, options }: { ticketId: string; options: { status: TicketStatus; label: string }[] }) {
  const router = useRouter();
  const first = options[0]?.status ?? "in_progress";
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tickets/rules").then((m) => m.statusChangeSchema),
    defaultValues: { ticketId, status: first, note: "" },
    action: changeTicketStatusAction,
    successMessage: (data) => `Ticket is now ${statusLabels[data.status].toLowerCase()}.`,
    onSuccess: () => {
      form.reset({ ticketId, status: first, note: "" });
      router.refresh();
    },
  });
  if (options.length === 0) return <p className="text-sm text-muted-foreground">No further steps.</p>;
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3">
      <Field label="Move to" error={errorOf("status")}>
        <NativeSelect {...form.register("status")}>
          {options.map((o) => (
            <option key={o.status} value={o.status}>
              {o.label} ({statusLabels[o.status].toLowerCase()})
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Note (optional)" hint="Kept in the ticket's history; on resolving it goes to the customer" error={errorOf("note")}>
        <Input autoComplete="off" {...form.register("note")} />
      </Field>
      <div>
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? "Saving…" : "Update status"}
        </Button>
      </div>
    </form>
  );
}

/** Who handles the ticket and the day of the field visit; "Assign to me" in one click. */
export function AssignForm({
  ticketId,
  staff,
  assigneeId,
  scheduledFor,
  selfId,
}: {
  ticketId: string;
  staff: StaffOption[];
  assigneeId: string | null;
  scheduledFor: string | null;
  selfId: string;
}) {
  const router = useRouter();
  const initial = { ticketId, assigneeId: assigneeId ?? "", scheduledFor: scheduledFor ?? "" };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tickets/rules").then((m) => m.assignSchema),
    defaultValues: initial,
    action: assignTicketAction,
    successMessage: "Assignment saved.",
    onSuccess: () => router.refresh(),
  });
  const take = useActionForm({
    loadSchema: () => import("@/lib/tickets/rules").then((m) => m.takeTicketSchema),
    defaultValues: { ticketId },
    action: takeTicketAction,
    successMessage: "The ticket is yours.",
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3">
      <Field label="Assignee" error={errorOf("assigneeId")}>
        <NativeSelect {...form.register("assigneeId")}>
          <option value="">Nobody</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Field visit on" hint="The technician sees it in today's jobs on that day" error={errorOf("scheduledFor")}>
        <Input type="date" {...form.register("scheduledFor")} />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? "Saving…" : "Save assignment"}
        </Button>
        {assigneeId !== selfId && staff.some((s) => s.id === selfId) ? (
          <Button type="button" variant="ghost" disabled={take.pending} onClick={() => take.submit()}>
            Assign to me
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** A new priority re-derives the SLA targets from its policy. */
export function PriorityForm({ ticketId, priority }: { ticketId: string; priority: TicketPriority }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tickets/rules").then((m) => m.prioritySchema),
    defaultValues: { ticketId, priority },
    action: changeTicketPriorityAction,
    successMessage: (data) => `Priority is now ${priorityLabels[data.priority].toLowerCase()}; the SLA targets follow it.`,
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-wrap items-end gap-2">
      <Field label="Priority" error={errorOf("priority")} className="flex min-w-40 flex-1 flex-col gap-1.5">
        <NativeSelect {...form.register("priority")}>
          {[...ticketPriorities].reverse().map((p) => (
            <option key={p} value={p}>
              {priorityLabels[p]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? "Saving…" : "Change"}
      </Button>
    </form>
  );
}
