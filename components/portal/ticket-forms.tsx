"use client";
import { useRouter } from "next/navigation";
import { createPortalTicketAction, replyPortalTicketAction } from "@/lib/portal/actions/tickets";
import { portalReplySchema, portalTicketSchema } from "@/lib/portal/tickets";
import { categoryLabels } from "@/lib/tickets/rules";
import { ticketCategories } from "@/lib/tickets/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** A new ticket: what kind of problem, a subject and the details. */
export function NewTicketForm() {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    schema: portalTicketSchema,
    defaultValues: { category: "no_internet", subject: "", description: "" },
    action: createPortalTicketAction,
    successMessage: "Ticket sent. We will reply here and by message.",
    onSuccess: (data) => router.push(`/portal/tickets/${data.id}`),
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Field label="What is it about?" error={errorOf("category")}>
        <NativeSelect {...form.register("category")}>
          {ticketCategories.map((category) => (
            <option key={category} value={category}>
              {categoryLabels[category]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Subject" error={errorOf("subject")}>
        <Input maxLength={150} {...form.register("subject")} />
      </Field>
      <Field
        label="Details"
        hint="What happens, since when, and what you already tried (restarting the modem, another device…)."
        error={errorOf("description")}
      >
        <Textarea rows={6} maxLength={5000} {...form.register("description")} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Send ticket"}
        </Button>
      </div>
    </form>
  );
}

export function TicketReplyForm({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    schema: portalReplySchema,
    defaultValues: { ticketId, body: "" },
    action: replyPortalTicketAction,
    successMessage: "Reply sent.",
    onSuccess: () => {
      form.reset({ ticketId, body: "" });
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-3" noValidate>
      <Field label="Your reply" error={errorOf("body")}>
        <Textarea rows={4} maxLength={10_000} {...form.register("body")} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Send reply"}
        </Button>
      </div>
    </form>
  );
}
