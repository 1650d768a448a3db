"use client";
import { useRouter } from "next/navigation";
import { createPortalTicketAction, replyPortalTicketAction } from "@/lib/portal/actions/tickets";
import { Field } from "@/components/forms/field";
import { inputClassName, selectClassName, textareaClassName } from "@/components/ui/classes";
import { SubmitButton } from "@/components/forms/submit-button";
import { textFields, usePlainForm } from "@/components/forms/use-plain-form";

type Category = Parameters<typeof createPortalTicketAction>[0]["category"];

/** A new ticket: what kind of problem (the page passes the categories and their labels), a subject and the details. */
export function NewTicketForm({ categories }: { categories: { value: Category; label: string }[] }) {
  const router = useRouter();
  const { submit, pending, errorOf } = usePlainForm({
    action: createPortalTicketAction,
    toInput: (fields) => ({ ...textFields(fields, ["subject", "description"]), category: String(fields.get("category")) as Category }),
    successMessage: "Ticket sent. We will reply here and by message.",
    onSuccess: (data) => router.push(`/portal/tickets/${data.id}`),
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Field label="What is it about?" error={errorOf("category")}>
        <select name="category" className={selectClassName} defaultValue="no_internet">
          {categories.map((category) => (
            <option key={category.value} value={category.value}>
              {category.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Subject" error={errorOf("subject")}>
        <input name="subject" className={inputClassName} maxLength={150} />
      </Field>
      <Field
        label="Details"
        hint="What happens, since when, and what you already tried (restarting the modem, another device…)."
        error={errorOf("description")}
      >
        <textarea name="description" className={textareaClassName} rows={6} maxLength={5000} />
      </Field>
      <div>
        <SubmitButton pending={pending} pendingLabel="Sending…">
          Send ticket
        </SubmitButton>
      </div>
    </form>
  );
}

export function TicketReplyForm({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const { submit, pending, errorOf } = usePlainForm({
    action: replyPortalTicketAction,
    toInput: (fields) => ({ ticketId, ...textFields(fields, ["body"]) }),
    successMessage: "Reply sent.",
    onSuccess: (_, form) => {
      form.reset();
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-3" noValidate>
      <Field label="Your reply" error={errorOf("body")}>
        <textarea name="body" className={textareaClassName} rows={4} maxLength={10_000} />
      </Field>
      <div>
        <SubmitButton pending={pending} pendingLabel="Sending…">
          Send reply
        </SubmitButton>
      </div>
    </form>
  );
}
