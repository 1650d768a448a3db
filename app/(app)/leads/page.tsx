import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { staffToday } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { listLeads } from "@/lib/customers/queries";
import { customerFormOptions } from "@/lib/customers/form-options";
import { leadStages } from "@/lib/customers/schema";
import { isOpenLead, leadStageLabels } from "@/lib/customers/rules";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { NewLeadButton } from "@/components/leads/lead-form";
import { LeadCardActions } from "@/components/leads/lead-card-actions";

export const metadata = { title: "Leads" };

export default async function LeadsPage({ searchParams }: { searchParams: Promise<{ new?: string }> }) {
  const ctx = await requireStaffPage("leads:view");
  const [leads, options] = await Promise.all([
    listLeads(ctx.db, { tenantId: ctx.tenantId }),
    customerFormOptions(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const canWrite = can(ctx.role, "leads:write");
  const canConvert = can(ctx.role, "customers:write");
  const openNew = (await searchParams).new === "1";
  return (
    <>
      <PageHeader
        title="Leads"
        description={`Sales pipeline: from first inquiry to site survey to a new subscriber. ${leads.filter((l) => isOpenLead(l.stage)).length} open.`}
        actions={canWrite ? <NewLeadButton defaultOpen={openNew} /> : null}
      />
      {leads.length === 0 ? (
        <EmptyState title="No leads yet">
          Add people who ask about service — from your Facebook page, referrals or walk-ins — and track them until they sign up.
        </EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-3 xl:grid-cols-5">
          {leadStages.map((stage) => {
            const inStage = leads.filter((l) => l.stage === stage);
            return (
              <section key={stage} aria-labelledby={`stage-${stage}`} className="rounded-lg border bg-card p-3">
                <h2 id={`stage-${stage}`} className="mb-2 flex justify-between text-sm font-semibold">
                  {leadStageLabels[stage]} <span className="text-muted-foreground">{inStage.length}</span>
                </h2>
                <ul className="flex flex-col gap-2">
                  {inStage.map((l) => (
                    <li key={l.id} className="rounded-md border p-2 text-sm">
                      <p className="font-medium">{l.name}</p>
                      <p className="text-xs text-muted-foreground">{[l.phone, l.barangay, l.city].filter(Boolean).join(" · ")}</p>
                      {l.source ? <p className="text-xs text-muted-foreground">Source: {l.source}</p> : null}
                      {l.customerId ? (
                        <Link className="mt-1 inline-block text-xs text-primary underline" href={`/customers/${l.customerId}`}>
                          View customer
                        </Link>
                      ) : canWrite ? (
                        <LeadCardActions
                          today={staffToday(ctx)}
                          leadId={l.id}
                          leadName={l.name}
                          stage={l.stage}
                          plans={options.plans}
                          routers={options.routers}
                          canConvert={canConvert}
                        />
                      ) : null}
                    </li>
                  ))}
                  {inStage.length === 0 ? <li className="text-xs text-muted-foreground">None</li> : null}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
