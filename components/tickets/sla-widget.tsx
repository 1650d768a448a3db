import Link from "next/link";
import type { StaffContext } from "@/lib/auth/context";
import { ticketCounts } from "@/lib/tickets/queries";
import { ticketListHref } from "@/components/tickets/ticket-filters";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/core/cn";

/** The dashboard's ticket figures: open, mine, at risk, breached, each a link to that list. */
export async function TicketSlaWidget({ ctx }: { ctx: Pick<StaffContext, "db" | "tenantId" | "userId"> }) {
  const counts = await ticketCounts(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId });
  const stats = [
    { label: "Open tickets", value: counts.open, href: ticketListHref({ status: "open" }) },
    { label: "Assigned to me", value: counts.mine, href: ticketListHref({ status: "open", assignee: "mine" }) },
    { label: "At risk", value: counts.atRisk, href: ticketListHref({ status: "open", sla: "at_risk" }), tone: counts.atRisk ? "text-warning" : "" },
    {
      label: "SLA breached",
      value: counts.breached,
      href: ticketListHref({ status: "open", sla: "breached" }),
      tone: counts.breached ? "text-danger" : "",
    },
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Tickets and SLA</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="grid grid-cols-2 gap-3">
          {stats.map((s) => (
            <li key={s.label}>
              <Link href={s.href} className="block rounded-md border p-3 hover:border-primary">
                <span className="block text-sm text-muted-foreground">{s.label}</span>
                <span className={cn("mt-1 block text-2xl font-semibold tabular-nums", s.tone)}>{s.value.toLocaleString("en-PH")}</span>
              </Link>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
