/*
 * Reads for the portal pages. Every function takes the tenant and customer from the portal session and
 * puts both in its WHERE; anything of another subscriber reads as not found.
 */
import { and, eq } from "drizzle-orm";
import { subscriptions } from "@/lib/subscriptions/schema";
import { servicePlans } from "@/lib/plans/schema";
import { invoices, payments } from "@/lib/billing/schema";
import { listInvoices } from "@/lib/billing/queries";
import { todayIn } from "@/lib/core/calendar";
import { offeredMethods } from "@/lib/payments/gateways";
import { trafficHistory } from "@/lib/monitoring/queries";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

type Owner = { tenantId: string; customerId: string };

/** The subscriber's services: plan, speeds, status and why it is suspended. Never the service password. */
export async function portalSubscriptions(db: DbOrTx, { tenantId, customerId }: Owner) {
  return db
    .select({
      id: subscriptions.id,
      username: subscriptions.username,
      status: subscriptions.status,
      staticIp: subscriptions.staticIp,
      routerId: subscriptions.routerId,
      suspendedReason: subscriptions.suspendedReason,
      suspensionSource: subscriptions.suspensionSource,
      planName: servicePlans.name,
      planType: servicePlans.type,
      downloadKbps: servicePlans.downloadKbps,
      uploadKbps: servicePlans.uploadKbps,
      priceCentavos: servicePlans.priceCentavos,
    })
    .from(subscriptions)
    .innerJoin(servicePlans, eq(servicePlans.id, subscriptions.planId))
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.customerId, customerId)))
    .orderBy(subscriptions.startDate);
}
export type PortalSubscription = Awaited<ReturnType<typeof portalSubscriptions>>[number];

/** Open invoices with something left to pay, oldest due first, and the ways to pay online the ISP has switched on. */
export async function portalPayables(db: DbOrTx, { tenantId, customerId, timeZone }: Owner & { timeZone: string }) {
  const today = todayIn(timeZone);
  const [open, options] = await Promise.all([listInvoices(db, { tenantId, customerId, status: "open", today }), offeredMethods(db, { tenantId })]);
  const payable = open.rows
    .map((invoice) => ({ ...invoice, outstandingCentavos: invoice.totalCentavos - invoice.amountPaidCentavos }))
    .filter((invoice) => invoice.outstandingCentavos > 0)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return { today, payable, methods: options.map((o) => o.method), nextDueDate: payable[0]?.dueDate ?? null, overdue: payable.filter((i) => i.dueDate < today) };
}

/** Throws not_found unless the invoice or receipt is this subscriber's own. */
export async function assertOwnDocument(db: DbOrTx, { tenantId, customerId, kind, id }: Owner & { kind: "invoice" | "receipt"; id: string }) {
  const what = kind === "invoice" ? "Invoice" : "Receipt";
  if (!isUuid(id)) throw notFound(what);
  const table = kind === "invoice" ? invoices : payments;
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.customerId, customerId), eq(table.id, id)));
  if (!row) throw notFound(what);
}

export const usageRanges = {
  "24h": { label: "24 hours", resolution: "1h", spanMs: 86_400_000 },
  "30d": { label: "30 days", resolution: "1d", spanMs: 30 * 86_400_000 },
} as const;
export type UsageRange = keyof typeof usageRanges;

/** Stored traffic of each of the subscriber's services on a router over the range, from the monitoring rollups. */
export async function portalUsage(db: DbOrTx, { tenantId, customerId, range, now = clock.now() }: Owner & { range: UsageRange; now?: Date }) {
  const subs = (await portalSubscriptions(db, { tenantId, customerId })).filter((s) => s.routerId && s.status !== "terminated");
  const { resolution, spanMs } = usageRanges[range];
  const from = new Date(now.getTime() - spanMs);
  return Promise.all(
    subs.map(async (sub) => ({
      subscription: sub,
      points: await trafficHistory(db, {
        tenantId,
        routerId: sub.routerId!,
        subjectType: "subscription",
        subject: sub.id,
        resolution,
        from,
        to: now,
      }),
      from: from.getTime(),
      to: now.getTime(),
    })),
  );
}
