import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTenant } from "@/lib/tenants/service";
import { listPlans } from "@/lib/plans/service";
import { listPromos } from "@/lib/billing/promos";
import { todayIn } from "@/lib/core/calendar";
import { periodsText, promoDiscountText, promoFieldsOf, promoState, validityText, type PromoState } from "@/lib/billing/promo-format";
import { formatMoney } from "@/lib/core/money";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { BillingTabs } from "@/components/billing/billing-tabs";
import { PromoDialog } from "@/components/billing/promo-dialog";

export const metadata = { title: "Promo codes" };

const stateBadges: Record<PromoState, { label: string; tone: "success" | "neutral" | "warning" | "info" }> = {
  active: { label: "Active", tone: "success" },
  scheduled: { label: "Not started", tone: "info" },
  expired: { label: "Expired", tone: "neutral" },
  used_up: { label: "Used up", tone: "warning" },
  off: { label: "Off", tone: "neutral" },
};

export default async function PromoCodesPage() {
  const ctx = await requireStaffPage("billing:view");
  const [tenant, promos, plans] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    listPromos(ctx.db, { tenantId: ctx.tenantId }),
    listPlans(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const canEdit = can(ctx.role, "billing:settings");
  const today = todayIn(tenant.timezone);
  const planNames = new Map(plans.map((p) => [p.id, p.name]));
  const planOptions = plans.map((p) => ({ id: p.id, name: p.name, price: formatMoney(p.priceCentavos, tenant.currency) }));
  const plansText = (planIds: string[]) =>
    planIds.length === 0
      ? "All plans"
      : planIds
          .map((id) => planNames.get(id))
          .filter(Boolean)
          .join(", ") || "Removed plans only";

  return (
    <>
      <PageHeader
        title="Promo codes"
        description={
          canEdit
            ? "Discounts staff apply to a subscription's next bills or to one unpaid invoice."
            : "Discounts staff apply to a subscription's next bills or to one unpaid invoice. Someone with billing settings access can create and change them."
        }
        actions={canEdit && promos.length > 0 ? <PromoDialog plans={planOptions} /> : null}
      />
      <BillingTabs />
      <div className="mt-5">
        {promos.length === 0 ? (
          <EmptyState title="No promo codes yet" action={canEdit ? <PromoDialog plans={planOptions} /> : null}>
            A promo code takes a percentage, a fixed amount or whole months off a subscriber&apos;s bills, within the dates and limits you set.
          </EmptyState>
        ) : (
          <DataTable
            label="Promo codes"
            columns={[
              { label: "Code" },
              { label: "Discount" },
              { label: "Periods", align: "right" },
              { label: "Valid" },
              { label: "Used", align: "right" },
              { label: "Once per customer" },
              { label: "Plans" },
              { label: "Status" },
              ...(canEdit ? [{ label: "Actions", srOnly: true }] : []),
            ]}
          >
            {promos.map((promo) => {
              const state = stateBadges[promoState(promo, today)];
              return (
                <tr key={promo.id} className="align-top">
                  <td className="min-w-44 p-3">
                    <span className="font-mono font-medium">{promo.code}</span>
                    {promo.description ? <span className="block max-w-64 text-xs text-muted-foreground">{promo.description}</span> : null}
                  </td>
                  <td className="whitespace-nowrap p-3">{promoDiscountText(promo, tenant.currency)}</td>
                  <td className="whitespace-nowrap p-3 text-right tabular-nums">{periodsText(promo.periods)}</td>
                  <td className="whitespace-nowrap p-3 tabular-nums">{validityText(promo)}</td>
                  <td className="whitespace-nowrap p-3 text-right tabular-nums">
                    {promo.redemptions} / {promo.maxRedemptions ?? "no limit"}
                  </td>
                  <td className="p-3">{promo.oncePerCustomer ? "Yes" : "No"}</td>
                  <td className="min-w-32 p-3">{plansText(promo.planIds)}</td>
                  <td className="whitespace-nowrap p-3">
                    <Badge tone={state.tone}>{state.label}</Badge>
                  </td>
                  {canEdit ? (
                    <td className="p-3 text-right">
                      <PromoDialog promo={{ id: promo.id, fields: promoFieldsOf(promo) }} plans={planOptions} />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </DataTable>
        )}
      </div>
    </>
  );
}
