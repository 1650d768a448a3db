"use client";
import { useRouter } from "next/navigation";
import { sendRetentionOutreachAction } from "@/lib/analytics/churn/actions/send-outreach";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

/** One click: the ISP's check-in message to this subscriber through the outbox (refused within 30 days of the last). */
export function RetentionOutreachButton({ customerId, name }: { customerId: string; name: string }) {
  const router = useRouter();
  const { submit, pending } = useActionForm({
    loadSchema: () => import("@/lib/analytics/churn/forms").then((m) => m.retentionOutreachSchema),
    defaultValues: { customerId, note: "" },
    action: sendRetentionOutreachAction,
    successMessage: (data) => `Check-in queued for ${name} (${data.queued} message${data.queued === 1 ? "" : "s"}).`,
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate>
      <Button type="submit" variant="outline" size="sm" disabled={pending} aria-label={`Send a check-in to ${name}`}>
        {pending ? "Sending…" : "Send a check-in"}
      </Button>
    </form>
  );
}
