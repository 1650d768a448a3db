/*
 * The rows behind each dashboard figure: one SQL query per metric, with the same filters as the figure
 * (finance.ts, mrr-movement.ts, tax.ts), so a drill-down always adds up to the number that linked to it.
 * Each query returns `id`, `customerId`, `customerName`, `account` and the metric's own columns; details.ts
 * pages, totals and exports them.
 */
import { eq, and, sql, type SQL } from "drizzle-orm";
import { servicePlans } from "@/lib/plans/schema";
import type { DbOrTx } from "@/lib/db/types";
import { addDays, addMonths, firstDayOf, monthLabel } from "@/lib/core/calendar";
import { type TenantClock } from "./clock";
import { agingBucketSql } from "./finance";
import { agingBucketLabels, movementLabels, movementMeanings, paymentMethodLabels } from "./kinds";
import { movementCondition, mrrPairsSql } from "./mrr-movement";
import { subscriptionMrrSql } from "./mrr";
import type { DetailParams } from "./params";
import { localDate, startOfDay } from "./sql";
import { defaultTaxPeriod } from "./tax";

export type DetailColumnType = "text" | "mono" | "date" | "money" | "number" | "customer";
export type DetailColumn = { key: string; label: string; type: DetailColumnType };

export type DetailSource = {
  title: string;
  description: string;
  columns: DetailColumn[];
  /** Rows as `select … ` (wrapped as a subquery `r`, so `order` names its output columns). */
  query: SQL;
  order: SQL;
  /** The money column whose sum is the figure. */
  sumKey: string;
  /** For the CSV file name: `finance-<slug>.csv`. */
  slug: string;
};

const col = (key: string, label: string, type: DetailColumnType = "text"): DetailColumn => ({ key, label, type });
const customerCols = [col("account", "Account", "mono"), col("customerName", "Customer", "customer")];
const customerJoin = (tenantId: string, alias: string) => sql`join customers c on c.id = ${sql.raw(alias)}.customer_id and c.tenant_id = ${tenantId}`;
const customerSelect = sql.raw(`c.id as "customerId", c.name as "customerName", c.account_number as "account"`);
const dateText = (column: string) => sql.raw(`to_char(${column}, 'YYYY-MM-DD')`);
const methodLabel = (column: SQL) =>
  sql`(case ${column} ${sql.join(
    Object.entries(paymentMethodLabels).map(([k, label]) => sql`when ${k} then ${label}`),
    sql` `,
  )} else ${column} end)`;

/** The query and columns behind one metric, for the tenant and its clock. */
export async function detailSource(db: DbOrTx, tenantId: string, clock: TenantClock, params: DetailParams): Promise<DetailSource> {
  const t = tenantId;
  const tz = clock.timeZone;
  switch (params.metric) {
    case "mrr": {
      const [plan] = params.plan
        ? await db
            .select({ name: servicePlans.name })
            .from(servicePlans)
            .where(and(eq(servicePlans.tenantId, t), eq(servicePlans.id, params.plan)))
        : [];
      return {
        title: plan ? `MRR of ${plan.name}` : "Monthly recurring revenue",
        description:
          "Subscriptions in service at the close of today: each adds its plan's price, less a running promo discount, net of VAT, ÷ the months of its billing cycle.",
        columns: [
          ...customerCols,
          col("username", "Username", "mono"),
          col("plan", "Plan"),
          col("cycle", "Billing cycle"),
          col("price", "Plan price", "money"),
          col("discount", "Promo discount", "money"),
          col("net", "Net of VAT", "money"),
          col("mrr", "MRR", "money"),
        ],
        query: sql`${subscriptionMrrSql(t, clock, clock.month, clock.month)}
          select m.subscription_id as id, ${customerSelect}, m.username, m.plan_name as plan, m.billing_cycle as cycle, m.price, m.discount, m.net, m.mrr
          from subscription_mrr m ${customerJoin(t, "m")}
          ${params.plan ? sql`where m.plan_id = ${params.plan}` : sql``}`,
        order: sql`r.account, r.username, r.id`,
        sumKey: "mrr",
        slug: "mrr",
      };
    }
    case "mrr_movement": {
      const month = params.month ?? clock.month;
      return {
        title: `${movementLabels[params.kind]} MRR, ${monthLabel(month)}`,
        description: `MRR net of VAT at the close of the month against the month before: ${movementMeanings[params.kind]}.`,
        columns: [
          ...customerCols,
          col("previous", "MRR the month before", "money"),
          col("current", `MRR in ${monthLabel(month)}`, "money"),
          col("change", "Change", "money"),
        ],
        query: sql`${mrrPairsSql(t, clock, month, month)}
          select c.id as id, ${customerSelect}, prev as previous, cur as current, cur - prev as change
          from pairs ${customerJoin(t, "pairs")} where ${movementCondition[params.kind]}`,
        order: sql`abs(r.change) desc, r.account, r.id`,
        sumKey: "change",
        slug: `mrr-${params.kind}-${month}`,
      };
    }
    case "revenue": {
      const month = params.month ?? clock.month;
      return {
        title: `Revenue, ${monthLabel(month)}`,
        description: "Invoices issued in the month, except void ones.",
        columns: [
          ...customerCols,
          col("number", "Invoice", "mono"),
          col("issued", "Issued", "date"),
          col("due", "Due", "date"),
          col("status", "Status"),
          col("net", "Net of VAT", "money"),
          col("vat", "VAT", "money"),
          col("total", "Total", "money"),
        ],
        query: sql`select i.id, ${customerSelect}, i.number, ${dateText("i.issue_date")} as issued, ${dateText("i.due_date")} as due, i.status,
            i.vatable_centavos + i.zero_rated_centavos + i.exempt_centavos as net, i.tax_centavos as vat, i.total_centavos as total
          from invoices i ${customerJoin(t, "i")}
          where i.tenant_id = ${t} and i.status <> 'void' and i.issue_date >= ${firstDayOf(month)}::date and i.issue_date < ${firstDayOf(addMonths(month, 1))}::date`,
        order: sql`r.issued, r.number, r.id`,
        sumKey: "total",
        slug: `revenue-${month}`,
      };
    }
    case "collections": {
      const month = params.month ?? clock.month;
      const from = startOfDay(firstDayOf(month), tz);
      const to = startOfDay(firstDayOf(addMonths(month, 1)), tz);
      return {
        title: `Collections, ${monthLabel(month)}`,
        description: "Payments received in the month, less refunds made in it.",
        columns: [
          ...customerCols,
          col("type", "Type"),
          col("number", "Number", "mono"),
          col("date", "Date", "date"),
          col("method", "Method"),
          col("reference", "Reference", "mono"),
          col("amount", "Amount", "money"),
        ],
        query: sql`select p.id, ${customerSelect}, 'Payment' as type, p.receipt_number as number, ${localDate(sql`p.received_at`, tz)} as date,
              ${methodLabel(sql`p.method`)} as method, p.reference, p.amount_centavos as amount, p.received_at as at
            from payments p ${customerJoin(t, "p")}
            where p.tenant_id = ${t} and p.received_at >= ${from} and p.received_at < ${to}
          union all
          select n.id, ${customerSelect}, 'Refund', n.number, ${localDate(sql`n.created_at`, tz)}, '', coalesce(n.gateway_reference, ''),
              -n.amount_centavos, n.created_at
            from credit_notes n ${customerJoin(t, "n")}
            where n.tenant_id = ${t} and n.kind = 'refund' and n.created_at >= ${from} and n.created_at < ${to}`,
        order: sql`r.at, r.number, r.id`,
        sumKey: "amount",
        slug: `collections-${month}`,
      };
    }
    case "outstanding":
    case "overdue": {
      const bucket = params.metric === "outstanding" ? params.bucket : undefined;
      const filter =
        params.metric === "overdue"
          ? sql`and i.due_date < ${clock.today}::date`
          : bucket
            ? sql`and ${agingBucketSql(clock.today, sql`i.due_date`)} = ${bucket}`
            : sql``;
      return {
        title:
          params.metric === "overdue"
            ? "Overdue invoices"
            : bucket
              ? `Outstanding: ${agingBucketLabels[bucket].toLowerCase()}`
              : "Outstanding invoices",
        description: `Open invoices with an amount still owed, as of ${clock.today}.`,
        columns: [
          ...customerCols,
          col("number", "Invoice", "mono"),
          col("issued", "Issued", "date"),
          col("due", "Due", "date"),
          col("daysPastDue", "Days past due", "number"),
          col("total", "Total", "money"),
          col("paid", "Paid", "money"),
          col("outstanding", "Outstanding", "money"),
        ],
        query: sql`select i.id, ${customerSelect}, i.number, ${dateText("i.issue_date")} as issued, ${dateText("i.due_date")} as due,
            greatest(${clock.today}::date - i.due_date, 0) as "daysPastDue", i.total_centavos as total, i.amount_paid_centavos as paid,
            i.total_centavos - i.amount_paid_centavos as outstanding
          from invoices i ${customerJoin(t, "i")}
          where i.tenant_id = ${t} and i.status = 'open' and i.total_centavos > i.amount_paid_centavos ${filter}`,
        order: sql`r.due, r.number, r.id`,
        sumKey: "outstanding",
        slug: params.metric === "overdue" ? `overdue-${clock.today}` : `outstanding-${bucket ?? "all"}-${clock.today}`,
      };
    }
    case "methods": {
      const month = params.month ?? clock.month;
      return {
        title: `${params.method ? `${paymentMethodLabels[params.method]} payments` : "Payments"}, ${monthLabel(month)}`,
        description: "Payments received in the month.",
        columns: [
          ...customerCols,
          col("number", "Receipt", "mono"),
          col("date", "Received", "date"),
          col("method", "Method"),
          col("reference", "Reference", "mono"),
          col("amount", "Amount", "money"),
        ],
        query: sql`select p.id, ${customerSelect}, p.receipt_number as number, ${localDate(sql`p.received_at`, tz)} as date,
            ${methodLabel(sql`p.method`)} as method, p.reference, p.amount_centavos as amount, p.received_at as at
          from payments p ${customerJoin(t, "p")}
          where p.tenant_id = ${t} and p.received_at >= ${startOfDay(firstDayOf(month), tz)}
            and p.received_at < ${startOfDay(firstDayOf(addMonths(month, 1)), tz)} ${params.method ? sql`and p.method = ${params.method}` : sql``}`,
        order: sql`r.at, r.number, r.id`,
        sumKey: "amount",
        slug: `payments-${params.method ?? "all"}-${month}`,
      };
    }
    case "tax": {
      const { from, to } = taxPeriodOf(clock, params);
      return {
        title: `Sales for VAT, ${from} to ${to}`,
        description: "Invoices issued in the period, except void ones.",
        columns: [
          ...customerCols,
          col("number", "Invoice", "mono"),
          col("issued", "Issued", "date"),
          col("vatable", "VATable sales", "money"),
          col("zero", "Zero-rated sales", "money"),
          col("exempt", "VAT-exempt sales", "money"),
          col("vat", "VAT", "money"),
          col("total", "Total", "money"),
        ],
        query: sql`select i.id, ${customerSelect}, i.number, ${dateText("i.issue_date")} as issued, i.vatable_centavos as vatable,
            i.zero_rated_centavos as zero, i.exempt_centavos as exempt, i.tax_centavos as vat, i.total_centavos as total
          from invoices i ${customerJoin(t, "i")}
          where i.tenant_id = ${t} and i.status <> 'void' and i.issue_date >= ${from}::date and i.issue_date <= ${to}::date`,
        order: sql`r.issued, r.number, r.id`,
        sumKey: "total",
        slug: `tax-sales-${from}-${to}`,
      };
    }
    case "tax_credits": {
      const { from, to } = taxPeriodOf(clock, params);
      return {
        title: `Credit notes for VAT, ${from} to ${to}`,
        description: "Credit notes of the period with the VAT split each was issued with.",
        columns: [
          ...customerCols,
          col("number", "Credit note", "mono"),
          col("date", "Issued", "date"),
          col("invoice", "Invoice", "mono"),
          col("vatable", "VATable", "money"),
          col("zero", "Zero-rated", "money"),
          col("exempt", "VAT-exempt", "money"),
          col("vat", "VAT", "money"),
          col("total", "Amount", "money"),
        ],
        query: sql`select n.id, ${customerSelect}, n.number, ${localDate(sql`n.created_at`, tz)} as date, i.number as invoice,
              n.vatable_centavos as vatable, n.zero_rated_centavos as zero, n.exempt_centavos as exempt, n.tax_centavos as vat, n.amount_centavos as total, n.created_at as at
            from credit_notes n left join invoices i on i.id = n.invoice_id and i.tenant_id = ${t} ${customerJoin(t, "n")}
            where n.tenant_id = ${t} and n.kind = 'credit' and (n.invoice_id is null or i.status <> 'void')
              and n.created_at >= ${startOfDay(from, tz)} and n.created_at < ${startOfDay(addDays(to, 1), tz)}`,
        order: sql`r.at, r.number, r.id`,
        sumKey: "total",
        slug: `tax-credits-${from}-${to}`,
      };
    }
  }
}

/** The tax period asked for, each missing end taken from the current month. */
export function taxPeriodOf(clock: TenantClock, p: { from?: string; to?: string }) {
  const fallback = defaultTaxPeriod(clock);
  return { from: p.from ?? fallback.from, to: p.to ?? fallback.to };
}
