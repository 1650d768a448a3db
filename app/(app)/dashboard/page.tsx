import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { countCustomersByStatus, countOpenLeads, recentCustomers } from "@/lib/customers/queries";
import { getTenantUsage } from "@/lib/tenants/limits";
import { getTenant } from "@/lib/tenants/service";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/customers/status-badge";
import { can } from "@/lib/auth/permissions";
import { TicketSlaWidget } from "@/components/tickets/sla-widget";
import { NetworkStatusCard } from "@/components/network/network-status";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const ctx = await requireStaffPage("dashboard:view");
  const [tenant, counts, openLeads, usage, recent] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    countCustomersByStatus(ctx.db, { tenantId: ctx.tenantId }),
    countOpenLeads(ctx.db, { tenantId: ctx.tenantId }),
    getTenantUsage(ctx.db, { tenantId: ctx.tenantId }),
    recentCustomers(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const stats = [
    { label: "Active subscribers", value: counts.active, href: "/customers?status=active" },
    { label: "Suspended", value: counts.suspended, href: "/customers?status=suspended" },
    { label: "Open leads", value: openLeads, href: "/leads" },
    { label: "Terminated", value: counts.terminated, href: "/customers?status=terminated" },
  ];
  return (
    <>
      <PageHeader title={`Welcome, ${ctx.userName.split(" ")[0]}`} description={tenant.name} />
      {tenant.onboardingStep !== "done" && (ctx.role === "owner" || ctx.role === "admin") ? (
        <Card className="mb-5 border-primary/60">
          <CardContent className="flex flex-wrap items-center justify-between gap-3 pt-4">
            <p className="text-sm">Finish setting up: business details, tax, routers, plans and your customer list.</p>
            <Button asChild size="sm">
              <Link href="/onboarding">Continue setup</Link>
            </Button>
          </CardContent>
        </Card>
      ) : null}
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {stats.map((s) => (
          <Link key={s.label} href={s.href} className="rounded-lg border bg-card p-4 hover:border-primary">
            <p className="text-sm text-muted-foreground">{s.label}</p>
            <p className="mt-1 text-2xl font-semibold tabular-nums">{s.value.toLocaleString("en-PH")}</p>
          </Link>
        ))}
      </div>
      <div className="mt-5 grid gap-4 lg:grid-cols-2">
        {can(ctx.role, "network:view") ? <NetworkStatusCard ctx={ctx} /> : null}
        {can(ctx.role, "tickets:view") ? <TicketSlaWidget ctx={ctx} /> : null}
        <Card>
          <CardHeader>
            <CardTitle>NetSphere plan: {usage.planName}</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-3 text-sm">
            <Usage label="Customers" used={usage.customers} max={usage.maxCustomers} />
            <Usage label="MikroTik routers" used={usage.routers} max={usage.maxRouters} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Newest customers</CardTitle>
          </CardHeader>
          <CardContent>
            {recent.length === 0 ? (
              <EmptyState
                title="No customers yet"
                action={
                  <Button asChild size="sm">
                    <Link href="/import">Import from CSV</Link>
                  </Button>
                }
              >
                Add your first customer or import your existing list.
              </EmptyState>
            ) : (
              <ul className="divide-y">
                {recent.map((c) => (
                  <li key={c.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                    <Link href={`/customers/${c.id}`} className="truncate text-primary hover:underline">
                      {c.name}
                    </Link>
                    <span className="flex items-center gap-2 text-muted-foreground">
                      {c.accountNumber}
                      <StatusBadge status={c.status} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}

function Usage({ label, used, max }: { label: string; used: number; max: number }) {
  const pct = Math.min(100, Math.round((used / Math.max(max, 1)) * 100));
  return (
    <div>
      <div className="flex justify-between">
        <span>{label}</span>
        <span className="tabular-nums">
          {used.toLocaleString("en-PH")} / {max.toLocaleString("en-PH")}
        </span>
      </div>
      <div
        className="mt-1 h-2 rounded bg-muted"
        role="progressbar"
        aria-label={`${label} used`}
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className={pct >= 90 ? "h-2 rounded bg-warning" : "h-2 rounded bg-success"} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
