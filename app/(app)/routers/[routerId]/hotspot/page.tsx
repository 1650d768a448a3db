import { Suspense } from "react";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getRouter } from "@/lib/routers/service";
import { listHotspotPlans, listVoucherBatches } from "@/lib/hotspot/service";
import { formatValidity } from "@/lib/hotspot/rules";
import { getTenant } from "@/lib/tenants/service";
import { formatMoney } from "@/lib/core/money";
import { formatDateTime } from "@/lib/core/dates";
import { or404 } from "@/lib/core/page";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { LiveReadPlaceholder } from "@/components/routers/fact-list";
import { HotspotLive } from "@/components/hotspot/hotspot-live";
import { VoucherBatchForm } from "@/components/hotspot/voucher-batch-form";
import { VoucherBatchActions } from "@/components/hotspot/voucher-batch-actions";

export const metadata = { title: "Hotspot" };

export default async function RouterHotspotPage({
  params,
  searchParams,
}: {
  params: Promise<{ routerId: string }>;
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const ctx = await requireStaffPage("routers:view");
  const router = await or404(getRouter(ctx.db, { tenantId: ctx.tenantId, routerId: (await params).routerId }));
  const q = (await searchParams).q;
  const search = (Array.isArray(q) ? q[0] : (q ?? "")).slice(0, 64);
  const canWrite = can(ctx.role, "hotspot:write");
  const ids = { tenantId: ctx.tenantId, routerId: router.id };
  const [batches, plans, tenant] = await Promise.all([
    listVoucherBatches(ctx.db, ids),
    canWrite ? listHotspotPlans(ctx.db, { tenantId: ctx.tenantId }) : [],
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Voucher batches</CardTitle>
          <CardDescription>
            Prepaid codes for this router. Each code becomes a hotspot user with the plan&apos;s profile and its validity as the uptime limit.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          {batches.length === 0 ? (
            <p className="text-sm text-muted-foreground">No vouchers yet.</p>
          ) : (
            <DataTable
              columns={[
                { label: "Batch" },
                { label: "Plan" },
                { label: "Validity" },
                { label: "Price", align: "right" },
                { label: "Unused", align: "right" },
                { label: "Active", align: "right" },
                { label: "Used", align: "right" },
                { label: "Disabled", align: "right" },
                ...(canWrite ? [{ label: "Actions", srOnly: true }] : []),
              ]}
            >
              {batches.map((b) => (
                <tr key={b.id}>
                  <td className="p-3">
                    <span className="font-medium">{b.name}</span>
                    <span className="block text-xs text-muted-foreground">
                      {b.count.toLocaleString("en-PH")} codes · {formatDateTime(b.createdAt, tenant.timezone)}
                    </span>
                  </td>
                  <td className="p-3">{b.planName}</td>
                  <td className="p-3">{formatValidity(b.validitySeconds)}</td>
                  <td className="p-3 text-right tabular-nums">{formatMoney(b.priceCentavos)}</td>
                  <td className="p-3 text-right tabular-nums">{b.statuses.unused}</td>
                  <td className="p-3 text-right tabular-nums">{b.statuses.active}</td>
                  <td className="p-3 text-right tabular-nums">{b.statuses.used}</td>
                  <td className="p-3 text-right tabular-nums">{b.statuses.disabled}</td>
                  {canWrite ? (
                    <td className="p-3">
                      <VoucherBatchActions
                        routerId={router.id}
                        batch={{ id: b.id, name: b.name, count: b.count, live: b.count - b.statuses.disabled }}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </DataTable>
          )}
          {canWrite ? (
            <section aria-labelledby="new-batch-heading" className="flex flex-col gap-3 border-t pt-4">
              <h3 id="new-batch-heading" className="text-sm font-semibold">
                New batch
              </h3>
              <VoucherBatchForm routerId={router.id} plans={plans} />
            </section>
          ) : null}
        </CardContent>
      </Card>
      <Suspense fallback={<LiveReadPlaceholder what="the hotspot" />}>
        <HotspotLive db={ctx.db} tenantId={ctx.tenantId} routerId={router.id} search={search} canKick={can(ctx.role, "network:kick")} />
      </Suspense>
    </div>
  );
}
