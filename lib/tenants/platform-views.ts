/*
 * Reads of NetSphere's own billing for pages: an ISP's account (Settings → NetSphere plan) and the operator's
 * overview (MRR per NetSphere plan, ISPs by standing with their balance, the platform tenant's invoices). The
 * invoices, balances and documents are the platform tenant's, read through billing's queries on its handle.
 */
import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { platformAccounts, saasPlans, tenants, type PlatformStanding } from "@/lib/tenants/schema";
import { getTenant } from "@/lib/tenants/service";
import { findPlatformTenantId, platformHandle } from "@/lib/tenants/platform-tenant";
import { getPlatformAccount, openPlatformAccount } from "@/lib/tenants/platform-accounts";
import { refreshStanding } from "@/lib/tenants/standing-service";
import { daysOverdue, mayBeSuspended, readOnlyFrom } from "@/lib/tenants/standing";
import type { NetsphereCycle } from "@/lib/tenants/values";
import { customerLedger, listInvoices, type InvoiceFilter } from "@/lib/billing/queries";
import { deriveBalances } from "@/lib/billing/ledger";
import { payTokenFor } from "@/lib/billing/pay-links";
import { getCustomer } from "@/lib/customers/service";
import { getOrRenderDocument } from "@/lib/billing/documents/store";
import { todayIn } from "@/lib/core/calendar";
import { clock } from "@/lib/core/clock";
import { notFound } from "@/lib/core/errors";
import { divideRounded } from "@/lib/billing/money";
import type { Db } from "@/lib/db/types";

export type NetsphereInvoice = {
  id: string;
  number: string;
  periodStart: string | null;
  periodEnd: string | null;
  issueDate: string;
  dueDate: string;
  totalCentavos: number;
  outstandingCentavos: number;
  status: "open" | "paid" | "void" | "overdue";
  /** The public pay page (`/pay/<token>`, the same as subscribers' pay links), while something is owed. */
  payUrl: string | null;
};

/** What Settings → NetSphere plan shows: the account (opened on first use), its standing, invoices and how to pay. */
export async function netsphereAccountPage(ownerDb: Db, { tenantId, now = clock.now() }: { tenantId: string; now?: Date }) {
  await openPlatformAccount(ownerDb, { tenantId, now });
  const account = (await refreshStanding(ownerDb, { tenantId, now }))!;
  const platformId = (await findPlatformTenantId(ownerDb))!;
  const platformDb = await platformHandle(ownerDb, platformId);
  const platform = await getTenant(ownerDb, { tenantId: platformId });
  const today = todayIn(platform.timezone, now);
  const [customer, ledger] = [
    await getCustomer(platformDb, { tenantId: platformId, customerId: account.customerId }),
    await customerLedger(platformDb, { tenantId: platformId, customerId: account.customerId }),
  ];
  const invoices: NetsphereInvoice[] = ledger.invoices.map((invoice) => {
    const outstanding = invoice.status === "open" ? Math.max(0, invoice.totalCentavos - invoice.amountPaidCentavos) : 0;
    return {
      id: invoice.id,
      number: invoice.number,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      totalCentavos: invoice.totalCentavos,
      outstandingCentavos: outstanding,
      status: invoice.status === "open" && invoice.dueDate < today ? "overdue" : invoice.status,
      payUrl: outstanding > 0 ? `/pay/${payTokenFor({ tenantId: platformId, invoiceId: invoice.id })}` : null,
    };
  });
  return {
    account,
    today,
    accountNumber: customer.accountNumber,
    currency: platform.currency,
    balanceCentavos: ledger.balanceCentavos,
    readOnlyFrom: account.overdueDueDate ? readOnlyFrom(account.overdueDueDate, platform.suspendAfterDays) : null,
    /** Bank details and how to reference a transfer: the platform tenant's invoice notes, printed on every invoice too. */
    bankTransfer: platform.invoiceNotes,
    invoices,
  };
}

/** An ISP's own NetSphere invoice as a PDF; any other invoice (another ISP's, a subscriber's) is not found. */
export async function netsphereInvoicePdf(ownerDb: Db, { tenantId, invoiceId }: { tenantId: string; invoiceId: string }) {
  const account = await getPlatformAccount(ownerDb, { tenantId });
  const platformId = await findPlatformTenantId(ownerDb);
  if (!account || !platformId) throw notFound("Invoice");
  const platformDb = await platformHandle(ownerDb, platformId);
  const ledger = await customerLedger(platformDb, { tenantId: platformId, customerId: account.customerId });
  if (!ledger.invoices.some((invoice) => invoice.id === invoiceId)) throw notFound("Invoice");
  return getOrRenderDocument(platformDb, { tenantId: platformId, kind: "invoice", refId: invoiceId });
}

/** A NetSphere plan's price for a month: the yearly price spread over twelve months (half-up). */
export const monthlyEquivalent = (plan: { monthlyPriceCentavos: number; yearlyPriceCentavos: number }, cycle: NetsphereCycle) =>
  cycle === "yearly" ? divideRounded(BigInt(plan.yearlyPriceCentavos), 12) : plan.monthlyPriceCentavos;

const paying: PlatformStanding[] = ["active", "past_due", "read_only"];

/** The operator's overview of NetSphere's own billing. */
export async function netsphereOverview(
  ownerDb: Db,
  { now = clock.now(), invoiceStatus = "all", page = 1 }: { now?: Date; invoiceStatus?: InvoiceFilter; page?: number } = {},
) {
  const platformId = await findPlatformTenantId(ownerDb);
  const rows = await ownerDb
    .select({
      tenantId: platformAccounts.tenantId,
      customerId: platformAccounts.customerId,
      name: tenants.name,
      tenantStatus: tenants.status,
      planId: saasPlans.id,
      planName: saasPlans.name,
      monthlyPriceCentavos: saasPlans.monthlyPriceCentavos,
      yearlyPriceCentavos: saasPlans.yearlyPriceCentavos,
      sortOrder: saasPlans.sortOrder,
      cycle: platformAccounts.billingCycle,
      trialEndsOn: platformAccounts.trialEndsOn,
      standing: platformAccounts.standing,
      standingSince: platformAccounts.standingSince,
      overdueInvoiceNumber: platformAccounts.overdueInvoiceNumber,
      overdueDueDate: platformAccounts.overdueDueDate,
    })
    .from(platformAccounts)
    .innerJoin(tenants, and(eq(tenants.id, platformAccounts.tenantId), eq(tenants.kind, "isp")))
    .innerJoin(saasPlans, eq(saasPlans.id, tenants.saasPlanId))
    .orderBy(asc(tenants.name));
  if (!platformId)
    return {
      platformId: null,
      plans: [],
      totals: { mrrCentavos: 0, paying: 0, trials: 0, trialMrrCentavos: 0 },
      isps: [],
      invoices: { rows: [], hasMore: false },
      currency: "PHP",
    };
  const platformDb = await platformHandle(ownerDb, platformId);
  const platform = await getTenant(ownerDb, { tenantId: platformId });
  const today = todayIn(platform.timezone, now);
  const balances = new Map(
    rows.length === 0
      ? []
      : (await deriveBalances(platformDb, { tenantId: platformId, customerIds: rows.map((r) => r.customerId) })).map((b) => [
          b.customerId,
          b.derived,
        ]),
  );
  const plans = new Map<
    string,
    { planId: string; planName: string; sortOrder: number; paying: number; mrrCentavos: number; trials: number; trialMrrCentavos: number }
  >();
  for (const row of rows) {
    const plan = plans.get(row.planId) ?? {
      planId: row.planId,
      planName: row.planName,
      sortOrder: row.sortOrder,
      paying: 0,
      mrrCentavos: 0,
      trials: 0,
      trialMrrCentavos: 0,
    };
    const mrr = monthlyEquivalent(row, row.cycle);
    if (paying.includes(row.standing)) {
      plan.paying += 1;
      plan.mrrCentavos += mrr;
    } else if (row.standing === "trial") {
      plan.trials += 1;
      plan.trialMrrCentavos += mrr;
    }
    plans.set(row.planId, plan);
  }
  const planRows = [...plans.values()].sort((a, b) => a.sortOrder - b.sortOrder);
  const sum = (key: "mrrCentavos" | "paying" | "trials" | "trialMrrCentavos") => planRows.reduce((total, plan) => total + plan[key], 0);
  const order: PlatformStanding[] = ["read_only", "past_due", "suspended", "trial", "active"];
  const isps = rows
    .map((row) => ({
      ...row,
      balanceCentavos: balances.get(row.customerId) ?? 0,
      daysOverdue: row.overdueDueDate ? daysOverdue(row.overdueDueDate, today) : 0,
      maySuspend: row.tenantStatus === "active" && mayBeSuspended(row.overdueDueDate, today),
    }))
    .sort((a, b) => order.indexOf(a.standing) - order.indexOf(b.standing) || a.name.localeCompare(b.name));
  return {
    platformId,
    currency: platform.currency,
    plans: planRows,
    totals: { mrrCentavos: sum("mrrCentavos"), paying: sum("paying"), trials: sum("trials"), trialMrrCentavos: sum("trialMrrCentavos") },
    isps,
    invoices: await listInvoices(platformDb, { tenantId: platformId, status: invoiceStatus, page, today }),
  };
}
