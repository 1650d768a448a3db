"use client";
import { useRouter } from "next/navigation";
import { anomalyFeedbackAction } from "@/lib/analytics/actions/anomaly-feedback";
import type { AnomalyFeedback } from "@/lib/analytics/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

const loadSchema = () => import("@/lib/analytics/anomaly-forms").then((m) => m.anomalyFeedbackSchema);

function FeedbackButton({ anomalyId, feedback, label, pressed, describedBy }: { anomalyId: string; feedback: AnomalyFeedback; label: string; pressed: boolean; describedBy: string }) {
  const router = useRouter();
  const { submit, pending } = useActionForm({
    loadSchema,
    defaultValues: { anomalyId, feedback },
    action: anomalyFeedbackAction,
    successMessage: (data) =>
      feedback === "expected"
        ? `Noted as expected: this object is now judged less keenly (sensitivity ${data.sensitivity}).`
        : `Noted as a real issue: this object is now judged more keenly (sensitivity ${data.sensitivity}).`,
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate>
      <Button type="submit" size="sm" variant={pressed ? "default" : "outline"} aria-pressed={pressed} aria-describedby={describedBy} disabled={pending}>
        {pending ? "Saving…" : label}
      </Button>
    </form>
  );
}

/** "Expected" / "Real issue" on one anomaly; the one given is shown pressed. */
export function AnomalyFeedbackButtons({ anomalyId, feedback, describedBy }: { anomalyId: string; feedback: AnomalyFeedback | null; describedBy: string }) {
  return (
    <div className="flex flex-wrap gap-2">
      <FeedbackButton anomalyId={anomalyId} feedback="expected" label="Expected" pressed={feedback === "expected"} describedBy={describedBy} />
      <FeedbackButton anomalyId={anomalyId} feedback="real_issue" label="Real issue" pressed={feedback === "real_issue"} describedBy={describedBy} />
    </div>
  );
}
