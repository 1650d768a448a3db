import { Badge } from "@/components/ui/badge";
import type { ProvisionState } from "@/lib/subscriptions/schema";

const labels: Record<ProvisionState, { text: string; tone: "success" | "warning" | "danger" | "neutral" }> = {
  synced: { text: "On router", tone: "success" },
  pending: { text: "Sync pending", tone: "warning" },
  conflict: { text: "Router conflict", tone: "danger" },
  error: { text: "Router error", tone: "danger" },
  not_applicable: { text: "Not on router", tone: "neutral" },
};

/** Where the router stands against this subscription, as the last reconcile found it. */
export function ProvisionBadge({ state, error, hasRouter }: { state: ProvisionState; error: string | null; hasRouter: boolean }) {
  if (!hasRouter) return null;
  const label = labels[state];
  return (
    <Badge tone={label.tone} title={error ?? undefined}>
      {label.text}
    </Badge>
  );
}
