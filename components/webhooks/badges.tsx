import { deliveryStatusLabels, type DeliveryStatus } from "@/lib/webhooks/values";
import { Badge } from "@/components/ui/badge";

const tones: Record<DeliveryStatus, "info" | "success" | "danger"> = { pending: "info", delivered: "success", failed: "danger" };

/** Where a delivery stands, in words (colour is never the only cue). */
export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <Badge tone={tones[status]}>{deliveryStatusLabels[status]}</Badge>;
}

/** On, off by staff, or switched off by NetSphere after a day of failures. */
export function EndpointStatusBadge({ enabled, disabledReason }: { enabled: boolean; disabledReason: string | null }) {
  if (enabled) return <Badge tone="success">On</Badge>;
  return <Badge tone={disabledReason ? "danger" : "neutral"}>{disabledReason ? "Switched off: failing" : "Off"}</Badge>;
}
