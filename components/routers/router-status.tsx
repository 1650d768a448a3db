import { Badge } from "@/components/ui/badge";
import type { Router } from "@/lib/routers/schema";

type Status = Router["status"];

const tones = { online: "success", offline: "danger", degraded: "warning", unknown: "neutral" } as const;
const labels: Record<Status, string> = { online: "online", offline: "offline", degraded: "degraded", unknown: "Not checked yet" };

/** Online / offline / degraded as words and colour, never colour alone. */
export function RouterStatusBadge({ status }: { status: Status }) {
  return <Badge tone={tones[status]}>{labels[status]}</Badge>;
}
