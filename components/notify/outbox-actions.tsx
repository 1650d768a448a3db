"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { discardOutboxMessageAction, retryOutboxMessageAction } from "@/lib/notify/actions/outbox";
import type { OutboxStatus } from "@/lib/notify/schema";
import { Button } from "@/components/ui/button";

/** Send again (failed, dead or discarded messages) and discard (anything not yet sent). */
export function OutboxActions({ id, status, label }: { id: string; status: OutboxStatus; label: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const run = (action: typeof retryOutboxMessageAction, done: string) =>
    start(async () => {
      const result = await action({ id });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(done);
      router.refresh();
    });
  const canRetry = status === "failed" || status === "dead" || status === "skipped";
  const canDiscard = status === "pending" || status === "failed" || status === "dead";
  if (!canRetry && !canDiscard) return null;
  return (
    <div className="flex flex-wrap gap-2">
      {canRetry ? (
        <Button
          size="sm"
          variant="outline"
          disabled={pending}
          onClick={() => run(retryOutboxMessageAction, "Queued again; sending now.")}
          aria-label={`Send again: ${label}`}
        >
          Send again
        </Button>
      ) : null}
      {canDiscard ? (
        <Button
          size="sm"
          variant="ghost"
          disabled={pending}
          onClick={() => run(discardOutboxMessageAction, "Discarded: it will not be sent.")}
          aria-label={`Discard: ${label}`}
        >
          Discard
        </Button>
      ) : null}
    </div>
  );
}
