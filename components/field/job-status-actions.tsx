"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { changeTicketStatusAction } from "@/lib/tickets/actions/tickets";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Textarea } from "@/components/ui/input";
import type { TicketStatus } from "@/lib/tickets/schema";

/** "On my way" starts the job (the customer is told a technician is coming); "Close job" resolves it with a note. */
export function JobStatusActions({ ticketId, status }: { ticketId: string; status: TicketStatus }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [starting, start] = useTransition();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tickets/rules").then((m) => m.closeJobSchema),
    defaultValues: { note: "" },
    action: changeTicketStatusAction,
    toInput: ({ note }) => ({ ticketId, status: "resolved", note }),
    successMessage: "Job closed: the ticket is resolved.",
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  if (status === "resolved" || status === "closed") return <p className="text-sm font-medium">This job is closed.</p>;
  const begin = () =>
    start(async () => {
      const result = await changeTicketStatusAction({ ticketId, status: "in_progress" });
      if (result.ok) {
        toast.success("Job started.");
        router.refresh();
      } else toast.error(result.message);
    });
  return (
    <div className="flex flex-wrap gap-2">
      {status !== "in_progress" ? (
        <Button variant="outline" onClick={begin} disabled={starting}>
          {starting ? "Starting…" : "On my way"}
        </Button>
      ) : null}
      <Dialog open={open} onOpenChange={setOpen}>
        <Button onClick={() => setOpen(true)}>Close job</Button>
        <DialogContent title="Close job" description="Resolves the ticket; the note goes on the ticket and the customer's service history.">
          <form method="post" onSubmit={submit} className="space-y-4" noValidate>
            <Field label="What fixed it" error={errorOf("note")}>
              <Textarea rows={4} {...form.register("note")} />
            </Field>
            <Button type="submit" disabled={pending}>
              {pending ? "Closing…" : "Close job"}
            </Button>
          </form>
        </DialogContent>
      </Dialog>
    </div>
  );
}
