"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { changeTicketStatusAction } from "@/lib/tickets/actions/tickets";
import { buttonVariants } from "@/components/ui/classes";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import type { TicketStatus } from "@/lib/tickets/values";
import { useJobDialogs } from "./use-job-dialogs";

/** "On my way" starts the job (the customer is told a technician is coming); "Close job" resolves it with a note. */
export function JobStatusActions({ ticketId, status }: { ticketId: string; status: TicketStatus }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [starting, start] = useTransition();
  const { dialogs, whenLoaded } = useJobDialogs();
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
        <FocusKeepingButton type="button" className={buttonVariants({ variant: "outline" })} onClick={begin} disabled={starting}>
          {starting ? "Starting…" : "On my way"}
        </FocusKeepingButton>
      ) : null}
      <button type="button" className={buttonVariants()} aria-haspopup="dialog" onClick={() => whenLoaded(() => setOpen(true))}>
        Close job
      </button>
      {dialogs ? <dialogs.CloseJobDialog open={open} onClose={() => setOpen(false)} ticketId={ticketId} /> : null}
    </div>
  );
}
