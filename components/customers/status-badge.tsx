import { Badge } from "@/components/ui/badge";
import { customerStatusLabels, type CustomerStatus } from "@/lib/customers/values";

const tone = { active: "success", suspended: "warning", lead: "info", terminated: "danger" } as const;

export function StatusBadge({ status }: { status: CustomerStatus }) {
  return <Badge tone={tone[status]}>{customerStatusLabels[status]}</Badge>;
}
