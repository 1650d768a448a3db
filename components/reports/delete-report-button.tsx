"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { deleteReportAction } from "@/lib/reports/builder/actions/delete-report";
import { Button } from "@/components/ui/button";

/** Deletes a saved report (and its schedule) after a second press that says what goes. */
export function DeleteReportButton({ reportId, name }: { reportId: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!confirming) {
    return (
      <Button type="button" variant="ghost" size="sm" onClick={() => setConfirming(true)}>
        Delete<span className="sr-only"> {name}</span>
      </Button>
    );
  }
  return (
    <span className="inline-flex items-center gap-1">
      <Button
        type="button"
        variant="danger"
        size="sm"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const response = await deleteReportAction({ reportId });
            if (response.ok) router.refresh();
            else setMessage(response.message);
          })
        }
      >
        Delete “{name}” and its schedule
      </Button>
      <Button type="button" variant="ghost" size="sm" onClick={() => setConfirming(false)}>
        Keep
      </Button>
      {message ? <span role="alert" className="text-sm text-danger">{message}</span> : null}
    </span>
  );
}
