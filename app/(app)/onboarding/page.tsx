import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { getTenant } from "@/lib/tenants/service";
import { businessValuesOf, taxValuesOf } from "@/lib/tenants/format";
import { listRouters, listSites } from "@/lib/routers/service";
import { routerFormValuesOf } from "@/lib/routers/rules";
import { listPlans } from "@/lib/plans/service";
import { formatMoney } from "@/lib/core/money";
import { formatKbps } from "@/lib/plans/rules";
import { onboardingSteps, type OnboardingStep } from "@/lib/tenants/schema";
import { cn } from "@/lib/core/cn";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { BusinessForm } from "@/components/settings/business-form";
import { TaxForm } from "@/components/settings/tax-form";
import { RouterStep } from "@/components/onboarding/router-step";
import { PlanStep } from "@/components/onboarding/plan-step";
import { StepControls } from "@/components/onboarding/step-controls";

export const metadata = { title: "Set up your ISP" };

const steps: { id: Exclude<OnboardingStep, "done">; title: string; description: string }[] = [
  { id: "business", title: "Business details", description: "Your registered name, address and TIN appear on invoices and receipts." },
  { id: "tax", title: "Currency and tax", description: "Peso, Asia/Manila and 12% VAT are set for you; change them if they differ." },
  { id: "routers", title: "MikroTik routers", description: "Add the routers that serve your subscribers. Their API passwords are stored encrypted." },
  { id: "plans", title: "Service plans", description: "The speeds and prices you sell." },
  { id: "import", title: "Import customers", description: "Bring your existing subscriber list from a spreadsheet (CSV)." },
];

export default async function OnboardingPage({ searchParams }: { searchParams: Promise<{ step?: string }> }) {
  const ctx = await requireStaffPage("settings:write");
  const tenant = await getTenant(ctx.db, { tenantId: ctx.tenantId });
  const requested = (await searchParams).step;
  const current = (onboardingSteps as readonly string[]).includes(requested ?? "") ? (requested as OnboardingStep) : tenant.onboardingStep;
  const reachedIndex = onboardingSteps.indexOf(tenant.onboardingStep);
  const step = steps.find((s) => s.id === current);
  return (
    <>
      <PageHeader title="Set up your ISP" description="Each step saves on its own; skip any and come back later. We remember where you left off." />
      <nav aria-label="Setup steps" className="mb-5">
        <ol className="flex flex-wrap gap-2">
          {steps.map((s, i) => {
            const done = i < reachedIndex;
            const active = s.id === current;
            return (
              <li key={s.id}>
                <Link
                  href={`/onboarding?step=${s.id}`}
                  aria-current={active ? "step" : undefined}
                  className={cn(
                    "flex items-center gap-2 rounded-full border px-3 py-1 text-sm",
                    active ? "border-primary bg-primary text-primary-foreground" : done ? "border-success/60" : "text-muted-foreground",
                  )}
                >
                  <span aria-hidden="true">{done ? "✓" : i + 1}</span> {s.title}
                  {done ? <span className="sr-only">(done)</span> : null}
                </Link>
              </li>
            );
          })}
        </ol>
      </nav>
      {!step ? (
        <Card>
          <CardHeader>
            <CardTitle>Setup is complete</CardTitle>
            <CardDescription>You can change any of this later in Settings, Routers and Service plans.</CardDescription>
          </CardHeader>
          <CardContent>
            <Button asChild>
              <Link href="/dashboard">Go to the dashboard</Link>
            </Button>
          </CardContent>
        </Card>
      ) : (
        <Card>
          <CardHeader>
            <CardTitle>{step.title}</CardTitle>
            <CardDescription>{step.description}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-5">
            <StepBody step={step.id} ctx={ctx} tenant={tenant} />
            <div className="flex flex-wrap justify-end gap-2 border-t pt-4">
              <StepControls step={step.id} />
            </div>
          </CardContent>
        </Card>
      )}
    </>
  );
}

async function StepBody({
  step,
  ctx,
  tenant,
}: {
  step: Exclude<OnboardingStep, "done">;
  ctx: Awaited<ReturnType<typeof requireStaffPage>>;
  tenant: Awaited<ReturnType<typeof getTenant>>;
}) {
  if (step === "business") return <BusinessForm initial={businessValuesOf(tenant)} onboarding />;
  if (step === "tax") return <TaxForm initial={taxValuesOf(tenant)} onboarding />;
  if (step === "routers") {
    const [routerRows, sites] = await Promise.all([listRouters(ctx.db, { tenantId: ctx.tenantId }), listSites(ctx.db, { tenantId: ctx.tenantId })]);
    return (
      <RouterStep
        sites={sites.map((s) => ({ id: s.id, name: s.name }))}
        routers={routerRows.map((r) => ({
          id: r.id,
          name: r.name,
          address: `${r.host}:${r.transport === "rest" ? r.restPort : r.apiPort}`,
          status: r.status,
          lastError: r.lastError,
          form: routerFormValuesOf(r),
        }))}
      />
    );
  }
  if (step === "plans") {
    const plans = await listPlans(ctx.db, { tenantId: ctx.tenantId });
    return (
      <>
        {plans.length > 0 ? (
          <ul className="flex flex-col gap-1 text-sm" aria-label="Plans created">
            {plans.map((p) => (
              <li key={p.id}>
                ✓ {p.name} — {formatKbps(p.downloadKbps)}/{formatKbps(p.uploadKbps)}, {formatMoney(p.priceCentavos, tenant.currency)}
              </li>
            ))}
          </ul>
        ) : null}
        <PlanStep />
        {plans.length > 0 ? (
          <div>
            <StepControls step="plans" label="Continue to import" variant="default" />
          </div>
        ) : null}
      </>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button asChild>
        <Link href="/import">Open the CSV importer</Link>
      </Button>
      <StepControls step="import" label="Finish setup" variant="outline" />
    </div>
  );
}
