import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { clock } from "@/lib/core/clock";
import { formatDateTime } from "@/lib/core/dates";
import { atRiskFilterSchema } from "@/lib/analytics/churn/forms";
import { atRiskSubscribers, AT_RISK_LIMIT } from "@/lib/analytics/churn/at-risk";
import { OUTREACH_QUIET_DAYS } from "@/lib/analytics/churn/outreach";
import { HIGH_RISK, MEDIUM_RISK, signalLabels, type ChurnSignal } from "@/lib/analytics/churn/score";
import { tenantLocale } from "@/lib/tenants/queries";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { FilterForm, FilterSelect } from "@/components/analytics/filter-form";
import { RetentionOutreachButton } from "@/components/customers/retention-outreach";

export const metadata = { title: "Subscribers at risk" };

const bandOptions = [
  { value: "high", label: `High (${HIGH_RISK}+ points)` },
  { value: "medium", label: `Medium and high (${MEDIUM_RISK}+)` },
  { value: "any", label: "Any signal" },
];

export default async function AtRiskPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("customers:retention");
  const parsed = atRiskFilterSchema.safeParse(withoutNul(await searchParams));
  const filter = parsed.success ? parsed.data : {};
  const now = clock.now();
  const { timeZone } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
  const { rows, total } = await atRiskSubscribers(ctx.db, { tenantId: ctx.tenantId, timeZone, now, filter });
  const quietUntil = (at: Date) => at.getTime() + OUTREACH_QUIET_DAYS * 86_400_000 > now.getTime();
  const filtered = !!(filter.band || filter.signal);

  return (
    <>
      <PageHeader
        title="Subscribers at risk"
        description="Who may leave, and why: points for late payments and suspensions, falling usage, repeated reconnects, open tickets and missed SLA targets, and moves to a cheaper plan, each explained. A check-in sends your retention message through the usual channels, at most once a month per subscriber."
      />
      <FilterForm label="Filter subscribers at risk" clearHref={filtered ? "/customers/at-risk" : null}>
        <FilterSelect id="risk-band" label="Risk" name="band" value={filter.band ?? "medium"} options={bandOptions} />
        <FilterSelect
          id="risk-signal"
          label="Signal"
          name="signal"
          value={filter.signal}
          anyLabel="Any signal"
          options={(Object.keys(signalLabels) as ChurnSignal[]).map((signal) => ({ value: signal, label: signalLabels[signal] }))}
        />
      </FilterForm>
      {rows.length === 0 ? (
        <EmptyState title="No subscriber at risk here">Nobody with a running service shows these signals now.</EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-muted-foreground">
            {total > rows.length
              ? `The ${rows.length} highest of ${total}, highest first.`
              : `${total} subscriber${total === 1 ? "" : "s"}, highest first.`}
          </p>
          <ol className="space-y-3" aria-label="Subscribers at risk, highest score first">
            {rows.map((row) => (
              <li key={row.customerId} className="rounded-md border bg-card p-3">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <h2 className="text-base font-semibold break-words">
                      <Link href={`/customers/${row.customerId}`} className="underline-offset-2 hover:underline">
                        {row.name}
                      </Link>
                    </h2>
                    <p className="text-sm text-muted-foreground break-words">
                      {`${row.accountNumber} · ${row.usernames.map((u, i) => `${u} (${row.planNames[i]})`).join(", ")}`}
                    </p>
                  </div>
                  <p className="text-sm">
                    <span className="text-2xl font-semibold tabular-nums">{row.score}</span>
                    <span className="ml-1 text-muted-foreground">{`points, ${row.band} risk`}</span>
                  </p>
                </div>
                <ul className="mt-2 space-y-1 text-sm" aria-label={`Why ${row.name} scores ${row.score}`}>
                  {row.contributions.map((c) => (
                    <li key={c.signal} className="flex gap-2">
                      <span className="w-10 shrink-0 text-right font-mono tabular-nums">{`+${c.points}`}</span>
                      <span>
                        <span className="font-medium">{signalLabels[c.signal]}:</span> {c.reason}
                      </span>
                    </li>
                  ))}
                </ul>
                <div className="mt-3 flex flex-wrap items-center gap-3">
                  {row.lastOutreachAt && quietUntil(row.lastOutreachAt) ? (
                    <p className="text-sm text-muted-foreground">{`Checked in on ${formatDateTime(row.lastOutreachAt, timeZone)}.`}</p>
                  ) : (
                    <>
                      <RetentionOutreachButton customerId={row.customerId} name={row.name} />
                      {row.lastOutreachAt ? (
                        <p className="text-sm text-muted-foreground">{`Last check-in ${formatDateTime(row.lastOutreachAt, timeZone)}.`}</p>
                      ) : null}
                    </>
                  )}
                </div>
              </li>
            ))}
          </ol>
          {total > AT_RISK_LIMIT ? (
            <p className="mt-3 text-sm text-muted-foreground">{`Narrow the list with the filters to see past the first ${AT_RISK_LIMIT}.`}</p>
          ) : null}
        </>
      )}
      <p className="mt-4 text-sm text-muted-foreground">
        <Link href="/customers" className="underline underline-offset-2">
          All customers
        </Link>
      </p>
    </>
  );
}
