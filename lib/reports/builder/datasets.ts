/*
 * The whitelist: every dataset a report can read, each field's label, type, SQL expression and the permission it
 * needs. Sources are the owning rooms' own report selects (`lib/<room>/report-reads.ts`), each filtered to the ISP,
 * joined here by id; nothing else reaches SQL. No dataset has a column holding a credential or a secret.
 */
import "server-only";
import { Column, is, sql, SQL, type SQLWrapper } from "drizzle-orm";
import { can, type Permission } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/auth/values";
import { customerReportRows, customerStatuses } from "@/lib/customers/report-reads";
import { subscriptionReportRows, subscriptionStatuses } from "@/lib/subscriptions/report-reads";
import { planReportRows } from "@/lib/plans/report-reads";
import { gateways, invoiceKinds, invoiceReportRows, invoiceStatuses, paymentMethods, paymentReportRows } from "@/lib/billing/report-reads";
import { ticketCategories, ticketPriorities, ticketReportRows, ticketSources, ticketStatuses } from "@/lib/tickets/report-reads";
import { usageReportRows } from "@/lib/analytics/report-reads";
import { alertSeverities, incidentObjectTypes, incidentReportRows, incidentStatuses } from "@/lib/alerts/report-reads";
import { routerReportRows } from "@/lib/routers/report-reads";
import { datasetLabels, reportDatasets, type FieldType, type ReportDataset } from "@/lib/reports/builder/values";

export type FieldDef = {
  label: string;
  type: FieldType;
  /** The values an enum field takes (its filter's choices). */
  options?: readonly string[];
  /** Needed besides the dataset's own permission (billing amounts, network details). */
  permission?: Permission;
  /** The expression, from the dataset's joined sources. */
  sql: SQL;
};

export type DatasetDef = {
  permission: Permission;
  fields: Record<string, FieldDef>;
  /** FROM with its joins. */
  from: SQL;
  /** A stable row order (the main source's id) so batches of an export neither skip nor repeat rows. */
  rowKey: SQL;
  defaultColumns: string[];
};

type Source = { _: { alias: string; selectedFields: Record<string, unknown> } };

/** `"alias"."column"` of a source's field, whether a table column or an aliased expression. */
function ref(source: Source, key: string): SQL {
  const field = source._.selectedFields[key];
  const name = is(field, Column) ? field.name : is(field, SQL.Aliased) ? field.fieldAlias : null;
  if (!name) throw new Error(`report source ${source._.alias} has no field ${key}`);
  return sql`${sql.identifier(source._.alias)}.${sql.identifier(name)}`;
}

const f = (label: string, type: FieldType, expr: SQL, extra: Omit<FieldDef, "label" | "type" | "sql"> = {}): FieldDef => ({ label, type, sql: expr, ...extra });
const from = (source: SQLWrapper) => sql`${source}`;

function customerFields(c: Source, prefix = "customer"): Record<string, FieldDef> {
  const p = (key: string) => (prefix ? `${prefix}${key[0].toUpperCase()}${key.slice(1)}` : key);
  return {
    [p("name")]: f(prefix ? "Customer" : "Name", "text", ref(c, "name")),
    [p("accountNumber")]: f("Account number", "text", ref(c, "accountNumber")),
  };
}

const builders: Record<ReportDataset, (tenantId: string) => DatasetDef> = {
  customers: (tenantId) => {
    const c = customerReportRows(tenantId);
    return {
      permission: "customers:view",
      from: from(c),
      rowKey: ref(c, "id"),
      defaultColumns: ["accountNumber", "name", "status", "city"],
      fields: {
        ...customerFields(c, ""),
        email: f("Email", "text", ref(c, "email")),
        phone: f("Phone", "text", ref(c, "phone")),
        city: f("City", "text", ref(c, "city")),
        barangay: f("Barangay", "text", ref(c, "barangay")),
        status: f("Status", "enum", ref(c, "status"), { options: customerStatuses }),
        taxExempt: f("VAT exempt", "boolean", ref(c, "taxExempt")),
        tin: f("TIN", "text", ref(c, "tin"), { permission: "billing:view" }),
        balance: f("Balance", "money", ref(c, "balanceCentavos"), { permission: "billing:view" }),
        createdAt: f("Created", "timestamp", ref(c, "createdAt")),
      },
    };
  },
  subscriptions: (tenantId) => {
    const s = subscriptionReportRows(tenantId);
    const c = customerReportRows(tenantId);
    const p = planReportRows(tenantId);
    return {
      permission: "customers:view",
      from: sql`${s} left join ${c} on ${ref(c, "id")} = ${ref(s, "customerId")} left join ${p} on ${ref(p, "id")} = ${ref(s, "planId")}`,
      rowKey: ref(s, "id"),
      defaultColumns: ["customerName", "plan", "status", "startDate"],
      fields: {
        ...customerFields(c),
        username: f("Username", "text", ref(s, "username")),
        plan: f("Plan", "text", ref(p, "name")),
        planPrice: f("Plan price", "money", ref(p, "priceCentavos"), { permission: "plans:view" }),
        status: f("Status", "enum", ref(s, "status"), { options: subscriptionStatuses }),
        billingMode: f("Billing mode", "enum", sql`coalesce(${ref(s, "billingMode")}, 'default')`, { options: ["default", "prepaid", "postpaid"] }),
        provisionState: f("Router state", "text", ref(s, "provisionState"), { permission: "routers:view" }),
        staticIp: f("Static IP", "text", ref(s, "staticIp"), { permission: "routers:view" }),
        macAddress: f("MAC address", "text", ref(s, "macAddress"), { permission: "routers:view" }),
        startDate: f("Start date", "date", ref(s, "startDate")),
        endDate: f("End date", "date", ref(s, "endDate")),
        suspendedAt: f("Suspended at", "timestamp", ref(s, "suspendedAt")),
        createdAt: f("Created", "timestamp", ref(s, "createdAt")),
      },
    };
  },
  invoices: (tenantId) => {
    const i = invoiceReportRows(tenantId);
    const c = customerReportRows(tenantId);
    return {
      permission: "billing:view",
      from: sql`${i} left join ${c} on ${ref(c, "id")} = ${ref(i, "customerId")}`,
      rowKey: ref(i, "id"),
      defaultColumns: ["number", "customerName", "issueDate", "status", "total"],
      fields: {
        number: f("Invoice", "text", ref(i, "number")),
        ...customerFields(c),
        kind: f("Kind", "enum", ref(i, "kind"), { options: invoiceKinds }),
        status: f("Status", "enum", ref(i, "status"), { options: invoiceStatuses }),
        currency: f("Currency", "text", ref(i, "currency")),
        issueDate: f("Issue date", "date", ref(i, "issueDate")),
        dueDate: f("Due date", "date", ref(i, "dueDate")),
        periodStart: f("Period start", "date", ref(i, "periodStart")),
        periodEnd: f("Period end", "date", ref(i, "periodEnd")),
        vatable: f("VATable sales", "money", ref(i, "vatableCentavos")),
        tax: f("VAT", "money", ref(i, "taxCentavos")),
        total: f("Total", "money", ref(i, "totalCentavos")),
        paid: f("Paid", "money", ref(i, "amountPaidCentavos")),
        due: f("Still due", "money", ref(i, "dueCentavos")),
        paidAt: f("Paid at", "timestamp", ref(i, "paidAt")),
      },
    };
  },
  payments: (tenantId) => {
    const pay = paymentReportRows(tenantId);
    const c = customerReportRows(tenantId);
    return {
      permission: "billing:view",
      from: sql`${pay} left join ${c} on ${ref(c, "id")} = ${ref(pay, "customerId")}`,
      rowKey: ref(pay, "id"),
      defaultColumns: ["receiptNumber", "customerName", "receivedAt", "method", "amount"],
      fields: {
        receiptNumber: f("Receipt", "text", ref(pay, "receiptNumber")),
        ...customerFields(c),
        method: f("Method", "enum", ref(pay, "method"), { options: paymentMethods }),
        gateway: f("Gateway", "enum", ref(pay, "gateway"), { options: gateways }),
        reference: f("Reference", "text", ref(pay, "reference")),
        currency: f("Currency", "text", ref(pay, "currency")),
        amount: f("Amount", "money", ref(pay, "amountCentavos")),
        allocated: f("Applied to invoices", "money", ref(pay, "allocatedCentavos")),
        refunded: f("Refunded", "money", ref(pay, "refundedCentavos")),
        fee: f("Gateway fee", "money", ref(pay, "feeCentavos")),
        receivedAt: f("Received", "timestamp", ref(pay, "receivedAt")),
      },
    };
  },
  tickets: (tenantId) => {
    const t = ticketReportRows(tenantId);
    const c = customerReportRows(tenantId);
    return {
      permission: "tickets:view",
      from: sql`${t} left join ${c} on ${ref(c, "id")} = ${ref(t, "customerId")}`,
      rowKey: ref(t, "id"),
      defaultColumns: ["number", "subject", "status", "priority", "createdAt"],
      fields: {
        number: f("Ticket", "number", ref(t, "number")),
        subject: f("Subject", "text", ref(t, "subject")),
        ...customerFields(c),
        category: f("Category", "enum", ref(t, "category"), { options: ticketCategories }),
        priority: f("Priority", "enum", ref(t, "priority"), { options: ticketPriorities }),
        status: f("Status", "enum", ref(t, "status"), { options: ticketStatuses }),
        source: f("Source", "enum", ref(t, "source"), { options: ticketSources }),
        scheduledFor: f("Visit planned", "date", ref(t, "scheduledFor")),
        createdAt: f("Opened", "timestamp", ref(t, "createdAt")),
        firstRespondedAt: f("First response", "timestamp", ref(t, "firstRespondedAt")),
        resolvedAt: f("Resolved", "timestamp", ref(t, "resolvedAt")),
        reopenCount: f("Times reopened", "number", ref(t, "reopenCount")),
        firstResponseBreached: f("First response late", "boolean", ref(t, "firstResponseBreached")),
        resolutionBreached: f("Resolution late", "boolean", ref(t, "resolutionBreached")),
      },
    };
  },
  usage: (tenantId) => {
    const u = usageReportRows(tenantId);
    const s = subscriptionReportRows(tenantId);
    const c = customerReportRows(tenantId);
    const p = planReportRows(tenantId);
    return {
      permission: "network:view",
      from: sql`${u} join ${s} on ${ref(s, "id")} = ${ref(u, "subscriptionId")} left join ${c} on ${ref(c, "id")} = ${ref(s, "customerId")} left join ${p} on ${ref(p, "id")} = ${ref(s, "planId")}`,
      rowKey: sql`${ref(u, "period")}, ${ref(u, "subscriptionId")}`,
      defaultColumns: ["period", "customerName", "plan", "download", "upload", "total"],
      fields: {
        period: f("Period", "enum", ref(u, "period"), { options: ["today", "7d", "30d", "this_month", "last_month"] }),
        ...customerFields(c),
        username: f("Username", "text", ref(s, "username")),
        plan: f("Plan", "text", ref(p, "name")),
        download: f("Download", "bytes", ref(u, "downloadBytes")),
        upload: f("Upload", "bytes", ref(u, "uploadBytes")),
        total: f("Total", "bytes", ref(u, "totalBytes")),
      },
    };
  },
  incidents: (tenantId) => {
    const i = incidentReportRows(tenantId);
    const r = routerReportRows(tenantId);
    return {
      permission: "network:view",
      from: sql`${i} left join ${r} on ${ref(r, "id")} = ${ref(i, "routerId")}`,
      rowKey: ref(i, "id"),
      defaultColumns: ["number", "title", "severity", "status", "openedAt"],
      fields: {
        number: f("Incident", "number", ref(i, "number")),
        title: f("Title", "text", ref(i, "title")),
        severity: f("Severity", "enum", ref(i, "severity"), { options: alertSeverities }),
        status: f("Status", "enum", ref(i, "status"), { options: incidentStatuses }),
        objectType: f("Object", "enum", ref(i, "objectType"), { options: incidentObjectTypes }),
        router: f("Router", "text", ref(r, "name")),
        affectedSubscribers: f("Subscribers affected", "number", ref(i, "affectedSubscribers")),
        openedAt: f("Opened", "timestamp", ref(i, "openedAt")),
        resolvedAt: f("Resolved", "timestamp", ref(i, "resolvedAt")),
        durationMinutes: f("Minutes to resolve", "number", ref(i, "durationMinutes")),
      },
    };
  },
};

/** A dataset's whitelist with its sources bound to one ISP. */
export const datasetFor = (dataset: ReportDataset, tenantId: string): DatasetDef => builders[dataset](tenantId);

/** What the builder's form shows: the datasets a role may use and, in each, only the fields it may see. */
export type CatalogField = { key: string; label: string; type: FieldType; options?: readonly string[] };
export type CatalogDataset = { key: ReportDataset; label: string; fields: CatalogField[]; defaultColumns: string[] };

/** The catalog binds its sources to no ISP (the all-zero id): it reads only labels and permissions and never runs a query. */
const NO_TENANT = "00000000-0000-0000-0000-000000000000";

export function datasetCatalog(role: StaffRole): CatalogDataset[] {
  return reportDatasets.flatMap((key) => {
    const def = datasetFor(key, NO_TENANT);
    if (!can(role, def.permission)) return [];
    const fields = Object.entries(def.fields)
      .filter(([, field]) => !field.permission || can(role, field.permission))
      .map(([name, field]) => ({ key: name, label: field.label, type: field.type, ...(field.options ? { options: field.options } : {}) }));
    return [{ key, label: datasetLabels[key], fields, defaultColumns: def.defaultColumns.filter((c) => fields.some((x) => x.key === c)) }];
  });
}
