import { Badge } from "@/components/ui/badge";

/** The status a customer would use: open invoices past their due date read "Overdue". */
export function InvoiceStatusBadge({ status, dueDate, today, outstanding }: { status: string; dueDate: string; today: string; outstanding: number }) {
  if (status === "paid") return <Badge tone="success">Paid</Badge>;
  if (status === "void") return <Badge>Void</Badge>;
  if (dueDate < today && outstanding > 0) return <Badge tone="danger">Overdue</Badge>;
  return <Badge tone="info">Open</Badge>;
}

export { formatCalendarDate as formatDay } from "@/lib/core/dates";
