import { outboxStatusLabels } from "@/lib/notify/rules";
import type { OutboxStatus } from "@/lib/notify/schema";
import { Badge } from "@/components/ui/badge";

const tones: Record<OutboxStatus, "neutral" | "success" | "warning" | "danger" | "info"> = {
  pending: "info",
  sending: "info",
  sent: "success",
  failed: "warning",
  dead: "danger",
  skipped: "neutral",
};

/** Where an outgoing message stands, in words (colour is never the only cue). */
export function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  return <Badge tone={tones[status]}>{outboxStatusLabels[status]}</Badge>;
}
