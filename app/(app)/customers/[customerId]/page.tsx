import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { staffToday } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getCustomer } from "@/lib/customers/service";
import { listSubscriptionsOfCustomer } from "@/lib/subscriptions/service";
import { planPriceLabel } from "@/lib/plans/format";
import { customerTimeline } from "@/lib/audit/queries";
import { getTenant } from "@/lib/tenants/service";
import { or404 } from "@/lib/core/page";
import { EmptyState } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RevealPassword } from "@/components/customers/reveal-password";
import { AddSubscription } from "@/components/customers/add-subscription";
import { SuspensionDialog } from "@/components/provisioning/suspension-dialog";
import { ActivateSubscription } from "@/components/customers/activate-subscription";
import { ProvisionBadge } from "@/components/provisioning/provision-badge";
import { SubscriberTraffic } from "@/components/monitoring/subscriber-traffic";
import { customerFormOptions } from "@/lib/customers/form-options";
import { Timeline } from "@/components/audit/timeline";
import { CustomerHeader } from "@/components/customers/customer-header";
import { ChangePlan } from "@/components/billing/change-plan";
import { TerminateSubscription } from "@/components/billing/terminate-subscription";
import { PortalAccess } from "@/components/customers/portal-access";
import { portalAccessState } from "@/lib/portal/accounts";
import { listSpeedTests } from "@/lib/portal/speed-tests";
import { portalUrlsOf } from "@/lib/portal/branding";
import { CustomerOutageNote } from "@/components/network/customer-outage-note";
import { openIncidentsOfCustomer } from "@/lib/alerts/customer-incidents";
import { listPools } from "@/lib/ipam/service";
import { StaticIp } from "@/components/customers/static-ip";
import { billableAddresses } from "@/lib/ipam/addons";
import { quotaViews } from "@/lib/quotas/queries";
import { listPacks } from "@/lib/quotas/top-ups";
import { packLine } from "@/lib/quotas/labels";
import { listPlans } from "@/lib/plans/service";
import { formatMoney } from "@/lib/core/money";
import { SubscriptionQuota } from "@/components/quotas/subscription-quota";
import { RadiusSessions } from "@/components/radius/radius-sessions";
import { clock } from "@/lib/core/clock";

/** The tab and the route announcement name the customer, not just "Customer". */
export async function generateMetadata({ params }: { params: Promise<{ customerId: string }> }) {
  const ctx = await requireStaffPage("customers:view");
  const customer = await or404(getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: (await params).customerId }));
  return { title: `${customer.name} (${customer.accountNumber})` };
}

export default async function CustomerPage({ params }: { params: Promise<{ customerId: string }> }) {
  const ctx = await requireStaffPage("customers:view");
  const customer = await or404(getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: (await params).customerId }));
  const canAddSubscription = can(ctx.role, "subscriptions:write");
  const [subs, timeline, tenant, options, portal, speedTests, outages, pools] = await Promise.all([
    listSubscriptionsOfCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id }),
    customerTimeline(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id }),
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    canAddSubscription ? customerFormOptions(ctx.db, { tenantId: ctx.tenantId }) : null,
    portalAccessState(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id }),
    listSpeedTests(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id, limit: 5 }),
    openIncidentsOfCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id }),
    canAddSubscription ? listPools(ctx.db, { tenantId: ctx.tenantId }) : Promise.resolve([]),
  ]);
  const addons = await billableAddresses(ctx.db, { tenantId: ctx.tenantId, subscriptionIds: subs.map((s) => s.id) });
  const quotas = await quotaViews(ctx.db, { tenantId: ctx.tenantId, subscriptionIds: subs.map((s) => s.id) });
  const canSellTopUps = can(ctx.role, "billing:write");
  const [packs, plans] =
    quotas.size > 0
      ? await Promise.all([
          canSellTopUps ? listPacks(ctx.db, { tenantId: ctx.tenantId, activeOnly: true }) : Promise.resolve([]),
          listPlans(ctx.db, { tenantId: ctx.tenantId }),
        ])
      : [[], []];
  const packOptions = packs.map((p) => ({ id: p.id, label: `${packLine(p)} for ${formatMoney(p.priceCentavos, tenant.currency)}` }));
  const quotaProfiles = new Map(plans.map((p) => [p.id, p.quotaProfile]));
  const mapUrl =
    customer.latitude != null && customer.longitude != null ? `https://www.google.com/maps?q=${customer.latitude},${customer.longitude}` : null;
  return (
    <>
      <CustomerHeader
        customer={customer}
        role={ctx.role}
        showTags
        actions={
          can(ctx.role, "customers:write") ? (
            <Button asChild variant="outline">
              <Link href={`/customers/${customer.id}/edit`}>Edit</Link>
            </Button>
          ) : null
        }
      />
      <CustomerOutageNote incidents={outages} timeZone={tenant.timezone} />
      <div className="grid gap-5 xl:grid-cols-[1fr_24rem]">
        <div className="flex min-w-0 flex-col gap-5">
          <Card>
            <CardHeader>
              <CardTitle>Contact and service address</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
                <Item label="Mobile">
                  {customer.phone ? (
                    <a className="text-primary underline" href={`tel:${customer.phone.replace(/\s/g, "")}`}>
                      {customer.phone}
                    </a>
                  ) : (
                    "—"
                  )}
                </Item>
                <Item label="Other phone">{customer.altPhone || "—"}</Item>
                <Item label="Email">
                  {customer.email ? (
                    <a className="text-primary underline" href={`mailto:${customer.email}`}>
                      {customer.email}
                    </a>
                  ) : (
                    "—"
                  )}
                </Item>
                <Item label="TIN">{customer.tin || "—"}</Item>
                <Item label="Address">{[customer.serviceAddress, customer.barangay, customer.city].filter(Boolean).join(", ") || "—"}</Item>
                <Item label="Location">
                  {mapUrl ? (
                    <a className="text-primary underline" href={mapUrl} target="_blank" rel="noreferrer">
                      {customer.latitude?.toFixed(5)}, {customer.longitude?.toFixed(5)}
                    </a>
                  ) : (
                    "—"
                  )}
                </Item>
                <Item label="Customer since">
                  {customer.createdAt.toLocaleDateString("en-PH", { timeZone: tenant.timezone, dateStyle: "medium" })}
                </Item>
              </dl>
              {customer.notes ? <p className="mt-4 whitespace-pre-wrap rounded bg-muted p-3 text-sm">{customer.notes}</p> : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader className="flex-row items-center justify-between">
              <CardTitle>Subscriptions</CardTitle>
              {options ? <AddSubscription customerId={customer.id} plans={options.plans} routers={options.routers} today={staffToday(ctx)} /> : null}
            </CardHeader>
            <CardContent>
              {subs.length === 0 ? (
                <EmptyState title="No subscription yet">Give this customer a plan to create their PPPoE or hotspot account.</EmptyState>
              ) : (
                <ul className="divide-y">
                  {subs.map((s) => (
                    <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
                      <div>
                        <p className="font-medium">
                          {s.planName}{" "}
                          <span className="text-muted-foreground">
                            · {planPriceLabel({ type: s.planType, priceCentavos: s.priceCentavos, billingCycle: s.billingCycle }, tenant.currency)}
                          </span>
                        </p>
                        <p className="text-muted-foreground">
                          <span className="font-mono">{s.username}</span> · {s.routerName ?? "no router"} · since {s.startDate}
                          {s.staticIp ? ` · ${s.staticIp}` : ""}
                        </p>
                        {(addons.get(s.id) ?? []).map((addon) => (
                          <p key={addon.address} className="text-xs text-muted-foreground">
                            Static IP {addon.address}: billed {formatMoney(addon.feeCentavos, tenant.currency)}/month as an add-on
                          </p>
                        ))}
                      </div>
                      <div className="flex flex-wrap items-center gap-2">
                        <Badge tone={s.status === "active" ? "success" : s.status === "suspended" ? "warning" : "neutral"}>{s.status}</Badge>
                        <ProvisionBadge state={s.provisionState} error={s.provisionError} hasRouter={!!s.routerId} />
                        {can(ctx.role, "subscriptions:reveal_password") ? <RevealPassword subscriptionId={s.id} /> : null}
                        {options && (s.status === "active" || s.status === "suspended") ? (
                          <ChangePlan subscriptionId={s.id} username={s.username} currentPlanId={s.planId} plans={options.plans} />
                        ) : null}
                        {options && s.status !== "terminated" ? (
                          <StaticIp
                            subscriptionId={s.id}
                            username={s.username}
                            current={s.staticIp}
                            pools={pools.map((p) => ({ id: p.id, name: p.name, range: p.range, monthlyFeeCentavos: p.monthlyFeeCentavos }))}
                            currency={tenant.currency}
                          />
                        ) : null}
                        {options && s.status !== "terminated" ? <TerminateSubscription subscriptionId={s.id} username={s.username} /> : null}
                        {can(ctx.role, "subscriptions:activate") && s.status === "pending" ? (
                          <ActivateSubscription subscriptionId={s.id} username={s.username} />
                        ) : null}
                        {can(ctx.role, "subscriptions:suspend") && (s.status === "active" || s.status === "suspended") ? (
                          <SuspensionDialog mode={s.status === "active" ? "suspend" : "reactivate"} subscriptionIds={[s.id]} label={s.username} />
                        ) : null}
                      </div>
                      {s.status === "suspended" && s.suspendedReason ? (
                        <p className="w-full text-xs text-muted-foreground">Suspended: {s.suspendedReason}</p>
                      ) : null}
                      {s.provisionError ? (
                        <p className="w-full text-xs text-danger" role="note">
                          Router: {s.provisionError}
                        </p>
                      ) : null}
                      {quotas.has(s.id) ? (
                        <SubscriptionQuota
                          view={quotas.get(s.id)!}
                          subscriptionId={s.id}
                          username={s.username}
                          profile={quotaProfiles.get(s.planId) ?? null}
                          timeZone={tenant.timezone}
                          currency={tenant.currency}
                          canGive={canAddSubscription}
                          packs={canSellTopUps ? packOptions : null}
                          invoiceLinks={can(ctx.role, "billing:view")}
                        />
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
          {subs
            .filter((s) => s.routerId && s.status !== "terminated" && s.planType !== "static")
            .map((s) => (
              <SubscriberTraffic key={s.id} db={ctx.db} tenantId={ctx.tenantId} subscriptionId={s.id} />
            ))}
          {subs
            .filter((s) => s.routerId)
            .map((s) => (
              <RadiusSessions
                key={`radius-${s.id}`}
                db={ctx.db}
                tenantId={ctx.tenantId}
                username={s.username}
                timeZone={tenant.timezone}
                now={clock.now()}
              />
            ))}
          {customer.status !== "lead" ? (
            <PortalAccess
              customerId={customer.id}
              access={portal}
              speedTests={speedTests}
              canInvite={can(ctx.role, "portal:manage")}
              timeZone={tenant.timezone}
              signInUrl={(await portalUrlsOf(ctx.db, { tenantId: ctx.tenantId })).signIn}
            />
          ) : null}
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Timeline</CardTitle>
          </CardHeader>
          <CardContent>
            {timeline.length === 0 ? (
              <p className="text-sm text-muted-foreground">Nothing has happened to this customer yet.</p>
            ) : (
              <Timeline entries={timeline} timeZone={tenant.timezone} />
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 break-words">{children}</dd>
    </div>
  );
}
