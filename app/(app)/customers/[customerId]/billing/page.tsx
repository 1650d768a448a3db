import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { staffToday } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getCustomer } from "@/lib/customers/service";
import { getTenant } from "@/lib/tenants/service";
import { listSubscriptionsOfCustomer } from "@/lib/subscriptions/service";
import { formatMoney } from "@/lib/core/money";
import { or404 } from "@/lib/core/page";
import { customerLedger } from "@/lib/billing/queries";
import { availableCredit } from "@/lib/billing/ledger";
import { todayIn } from "@/lib/core/calendar";
import { EmptyState } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { CustomerHeader } from "@/components/customers/customer-header";
import { RecordPayment } from "@/components/billing/record-payment";
import { ManualInvoice } from "@/components/billing/manual-invoice";
import { InvoiceStatusBadge, formatDay } from "@/components/billing/format";
import { ApplyPromo } from "@/components/billing/apply-promo";
import { TaxExemptionForm } from "@/components/billing/tax-exemption-form";

export const metadata = { title: "Customer billing" };

const documentHref = { invoice: (id: string) => `/billing/invoices/${id}`, payment: (id: string) => `/billing/receipts/${id}` } as const;

export default async function CustomerBillingPage({ params }: { params: Promise<{ customerId: string }> }) {
  const ctx = await requireStaffPage("billing:view");
  const customer = await or404(getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: (await params).customerId }));
  const [tenant, ledger, credit, subs] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    customerLedger(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id }),
    availableCredit(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id }),
    listSubscriptionsOfCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id }),
  ]);
  const today = todayIn(tenant.timezone);
  const money = (c: number) => formatMoney(c, tenant.currency);
  const open = ledger.invoices.filter((i) => i.status === "open" && i.totalCentavos > i.amountPaidCentavos);
  const overdue = open.filter((i) => i.dueDate < today);
  const overdueAmount = overdue.reduce((sum, i) => sum + i.totalCentavos - i.amountPaidCentavos, 0);
  const nextDue = open.filter((i) => i.dueDate >= today).sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
  const mayWrite = can(ctx.role, "billing:write");
  return (
    <>
      <CustomerHeader
        customer={customer}
        role={ctx.role}
        actions={
          <>
            {can(ctx.role, "payments:record") ? (
              <RecordPayment customerId={customer.id} suggestedCentavos={Math.max(0, ledger.balanceCentavos)} today={staffToday(ctx)} />
            ) : null}
            {mayWrite ? <ManualInvoice customerId={customer.id} /> : null}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-5">
        <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Stat label={ledger.balanceCentavos >= 0 ? "Balance due" : "Credit"} value={money(Math.abs(ledger.balanceCentavos))} />
          <Stat
            label="Overdue"
            value={overdue.length ? `${money(overdueAmount)} · ${overdue.length} invoice${overdue.length === 1 ? "" : "s"}` : "Nothing overdue"}
            tone={overdue.length ? "danger" : undefined}
          />
          <Stat
            label="Next due"
            value={nextDue ? `${money(nextDue.totalCentavos - nextDue.amountPaidCentavos)} on ${formatDay(nextDue.dueDate)}` : "—"}
          />
          <Stat label="Unapplied credit" value={credit > 0 ? money(credit) : "—"} />
        </dl>
        <Card>
          <CardHeader>
            <CardTitle>Statement</CardTitle>
            <CardDescription>Invoices, payments, credit notes and refunds, newest first, with the running balance.</CardDescription>
          </CardHeader>
          <CardContent>
            {ledger.entries.length === 0 ? (
              <EmptyState title="Nothing billed yet">The billing run issues the first invoice when the subscription&apos;s period starts.</EmptyState>
            ) : (
              <DataTable
                columns={[
                  { label: "Date" },
                  { label: "Document" },
                  { label: "Description" },
                  { label: "Charges", align: "right" },
                  { label: "Payments and credits", align: "right" },
                  { label: "Balance", align: "right" },
                ]}
              >
                {ledger.entries.map((e) => (
                  <tr key={`${e.kind}-${e.id}`}>
                    <td className="whitespace-nowrap p-3">{formatDay(e.at)}</td>
                    <td className="whitespace-nowrap p-3 font-mono">
                      {e.kind === "invoice" || e.kind === "payment" ? (
                        <Link className="text-primary underline" href={documentHref[e.kind](e.id)}>
                          {e.number}
                        </Link>
                      ) : (
                        e.number
                      )}
                    </td>
                    <td className="p-3">
                      {e.description}
                      {e.kind === "invoice" ? <LedgerInvoiceBadge invoice={ledger.invoices.find((i) => i.id === e.id)} today={today} /> : null}
                    </td>
                    <td className="p-3 text-right tabular-nums">{e.debitCentavos ? money(e.debitCentavos) : ""}</td>
                    <td className="p-3 text-right tabular-nums">{e.creditCentavos ? money(e.creditCentavos) : ""}</td>
                    <td className="p-3 text-right tabular-nums">{money(e.balanceCentavos)}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </CardContent>
        </Card>
        {mayWrite ? (
          <div className="grid gap-5 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>Promo codes</CardTitle>
                <CardDescription>
                  Applied to a subscription, a code discounts its next invoices; applied to an open invoice, it discounts that one.
                </CardDescription>
              </CardHeader>
              <CardContent className="space-y-4">
                {subs.map((s) => (
                  <div key={s.id}>
                    <p className="mb-1 text-sm font-medium">
                      {s.planName} · <span className="font-mono">{s.username}</span>
                    </p>
                    <ApplyPromo customerId={customer.id} subscriptionId={s.id} />
                  </div>
                ))}
                {open.slice(0, 3).map((i) => (
                  <div key={i.id}>
                    <p className="mb-1 text-sm font-medium">
                      Invoice <span className="font-mono">{i.number}</span>
                    </p>
                    <ApplyPromo customerId={customer.id} invoiceId={i.id} />
                  </div>
                ))}
                {subs.length === 0 && open.length === 0 ? (
                  <p className="text-sm text-muted-foreground">No subscription or open invoice to apply a code to.</p>
                ) : null}
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>VAT</CardTitle>
                <CardDescription>
                  Exempt customers are invoiced without VAT from the next invoice on; the reason is printed on their invoices.
                </CardDescription>
              </CardHeader>
              <CardContent>
                <TaxExemptionForm customerId={customer.id} initial={{ taxExempt: ledger.taxExempt, reason: ledger.taxExemptReason }} />
              </CardContent>
            </Card>
          </div>
        ) : null}
      </div>
    </>
  );
}

function LedgerInvoiceBadge({
  invoice,
  today,
}: {
  invoice?: { status: string; dueDate: string; totalCentavos: number; amountPaidCentavos: number };
  today: string;
}) {
  if (!invoice) return null;
  return (
    <span className="ml-2">
      <InvoiceStatusBadge
        status={invoice.status}
        dueDate={invoice.dueDate}
        today={today}
        outstanding={invoice.totalCentavos - invoice.amountPaidCentavos}
      />
    </span>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: "danger" }) {
  return (
    <div className="rounded-lg border bg-card p-4">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className={tone === "danger" ? "mt-1 text-lg font-semibold text-danger" : "mt-1 text-lg font-semibold"}>{value}</dd>
    </div>
  );
}
