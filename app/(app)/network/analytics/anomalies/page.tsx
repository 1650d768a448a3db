import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withoutNul } from "@/lib/core/action";
import { lenient } from "@/lib/analytics/forms";
import { anomalyListSchema } from "@/lib/analytics/anomaly-forms";
import { ANOMALIES_PAGE_SIZE, listAnomalies } from "@/lib/analytics/anomalies";
import { anomalyKindLabels, anomalyKinds, anomalyObjectKindLabels, anomalyObjectKinds } from "@/lib/analytics/values";
import { listRouters } from "@/lib/routers/service";
import { tenantLocale } from "@/lib/tenants/queries";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { NetworkTabs } from "@/components/network/network-tabs";
import { AnalyticsNav } from "@/components/analytics/analytics-nav";
import { FilterForm, FilterSelect } from "@/components/analytics/filter-form";
import { queryOf } from "@/components/analytics/format";
import { PageLinks } from "@/components/analytics/page-links";
import { AnomaliesTable } from "@/components/analytics/anomalies-table";

export const metadata = { title: "Anomalies" };

export default async function AnomaliesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("network:view");
  const params = lenient(anomalyListSchema, withoutNul(await searchParams));
  const [{ timeZone }, routers] = await Promise.all([tenantLocale(ctx.db, { tenantId: ctx.tenantId }), listRouters(ctx.db, { tenantId: ctx.tenantId })]);
  const router = routers.some((r) => r.id === params.router) ? params.router : undefined;
  const { rows, total } = await listAnomalies(ctx.db, { tenantId: ctx.tenantId, ...params, router });
  const filters = { status: params.status, kind: params.kind, object: params.object, router };
  const pageHref = (page: number) => `/network/analytics/anomalies${queryOf({ ...filters, page }, { page: 1 })}`;
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Anomalies"
        description="Traffic, upload, CPU and sessions judged against their usual level at the same hour of the week over the last four weeks (median and spread), every five minutes. An anomaly tells nobody by itself: an alert rule for anomalies turns it into an incident. Your verdict tunes how keenly each object is judged."
      />
      <NetworkTabs />
      <AnalyticsNav />
      <FilterForm label="Filter the anomalies" clearHref={filtered ? "/network/analytics/anomalies" : null}>
        <FilterSelect
          id="anomaly-status"
          label="Status"
          name="status"
          value={params.status}
          anyLabel="Open and closed"
          options={[
            { value: "open", label: "Open" },
            { value: "closed", label: "Closed" },
          ]}
        />
        <FilterSelect id="anomaly-kind" label="Kind" name="kind" value={params.kind} anyLabel="Every kind" options={anomalyKinds.map((k) => ({ value: k, label: anomalyKindLabels[k] }))} />
        <FilterSelect
          id="anomaly-object"
          label="Object"
          name="object"
          value={params.object}
          anyLabel="Interfaces, routers and subscribers"
          options={anomalyObjectKinds.map((k) => ({ value: k, label: anomalyObjectKindLabels[k] }))}
        />
        <FilterSelect id="anomaly-router" label="Router" name="router" value={router} anyLabel="Every router" options={routers.map((r) => ({ value: r.id, label: r.name }))} />
      </FilterForm>
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "No anomalies match" : "No anomalies yet"}>
          {filtered
            ? "Try fewer filters."
            : "Each series needs a few days of rollups before it has a usual level to be judged against; a week of them for each hour of the week."}
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-muted-foreground">{`${total.toLocaleString("en")} anomal${total === 1 ? "y" : "ies"}; severity is how many spreads (σ) away from the usual level the furthest sample was.`}</p>
          <AnomaliesTable rows={rows} timeZone={timeZone} canGiveFeedback={can(ctx.role, "incidents:manage")} />
          <PageLinks
            previous={params.page > 1 ? pageHref(params.page - 1) : null}
            next={params.page * ANOMALIES_PAGE_SIZE < total ? pageHref(params.page + 1) : null}
          />
        </>
      )}
    </>
  );
}
