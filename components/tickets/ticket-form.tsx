"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { createTicketAction } from "@/lib/tickets/actions/tickets";
import type { TicketFormValues } from "@/lib/tickets/rules";
import {
  categoryLabels,
  formatTicketNumber,
  priorityLabels,
  sourceLabels,
  ticketCategories,
  ticketPriorities,
  ticketSources,
} from "@/lib/tickets/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { CustomerPicker, type PickedCustomer } from "@/components/tickets/customer-picker";
import type { StaffOption } from "@/components/tickets/ticket-filters";

/** A new ticket: who it is for, what and how urgent; who handles it and when, for those who may assign. */
export function TicketForm({ staff, canAssign, customer }: { staff: StaffOption[]; canAssign: boolean; customer: PickedCustomer | null }) {
  const router = useRouter();
  const [picked, setPicked] = useState<PickedCustomer | null>(customer);
  const initial: TicketFormValues = {
    customerId: customer?.id ?? "",
    subject: "",
    description: "",
    category: "no_internet",
    priority: "normal",
    source: "phone",
    assigneeId: "",
    scheduledFor: "",
  };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tickets/rules").then((m) => m.ticketFormSchema),
    defaultValues: initial,
    action: createTicketAction,
    successMessage: (data) => `Ticket ${formatTicketNumber(data.number)} opened.`,
    onSuccess: (data) => router.push(`/tickets/${data.id}`),
  });
  const r = form.register;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid max-w-3xl gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <CustomerPicker
          value={picked}
          error={errorOf("customerId")}
          onChange={(c) => {
            setPicked(c);
            form.setValue("customerId", c?.id ?? "", { shouldValidate: false });
            form.clearErrors("customerId");
          }}
        />
      </div>
      <Field label="Subject" error={errorOf("subject")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input autoComplete="off" placeholder="e.g. No internet since this morning" {...r("subject")} />
      </Field>
      <Field
        label="Description"
        hint="What the customer reports, what was tried already"
        error={errorOf("description")}
        className="flex flex-col gap-1.5 sm:col-span-2"
      >
        <Textarea rows={5} {...r("description")} />
      </Field>
      <Field label="Category" error={errorOf("category")}>
        <NativeSelect {...r("category")}>
          {ticketCategories.map((c) => (
            <option key={c} value={c}>
              {categoryLabels[c]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Priority" hint="Sets the SLA targets (Settings → SLA)" error={errorOf("priority")}>
        <NativeSelect {...r("priority")}>
          {[...ticketPriorities].reverse().map((p) => (
            <option key={p} value={p}>
              {priorityLabels[p]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Reported through" error={errorOf("source")}>
        <NativeSelect {...r("source")}>
          {ticketSources.map((s) => (
            <option key={s} value={s}>
              {sourceLabels[s]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      {canAssign ? (
        <>
          <Field label="Assign to" error={errorOf("assigneeId")}>
            <NativeSelect {...r("assigneeId")}>
              <option value="">Nobody yet</option>
              {staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Field visit on" hint="Optional: the day a technician goes" error={errorOf("scheduledFor")}>
            <Input type="date" {...r("scheduledFor")} />
          </Field>
        </>
      ) : null}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Opening…" : "Open ticket"}
        </Button>
      </div>
    </form>
  );
}
