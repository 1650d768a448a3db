/*
 * The public page behind an invoice's pay link (lib/billing/pay-links.ts). No staff shell, no session: the
 * signed token is the only key, it opens this one invoice, and a token we did not sign is a 404.
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { formatMoney } from "@/lib/core/money";
import { formatCalendarDate } from "@/lib/core/dates";
import { loadPayPage } from "@/lib/payments/pay-page";
import { PayNotice } from "./notice";
import { MethodButtons } from "@/components/payments/method-buttons";
import { Card, CardContent, CardHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";
// The token is in the URL: keep it out of search engines and out of Referer headers sent to the gateways
// ("same-origin" rather than "no-referrer", so the pay form's post still carries our Origin for the checkout's check).
export const metadata: Metadata = { title: "Pay your invoice", robots: { index: false, follow: false }, referrer: "same-origin" };

type Query = Record<string, string | string[] | undefined>;

function noticeOf(query: Query): "cancelled" | "failed" | null {
  if (query.failed) return "failed";
  if (query.cancelled) return "cancelled";
  return null;
}

export default async function PayInvoicePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Query> }) {
  const { token } = await params;
  const page = await loadPayPage(await getDb(), token);
  if (!page) notFound();
  const notice = page.state === "payable" ? noticeOf(await searchParams) : null;
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-4">
      <p className="text-center text-sm text-muted-foreground">{page.tenantName}</p>
      <Card>
        <CardHeader>
          <h1 className="text-base font-semibold">
            <span className="block text-sm font-normal text-muted-foreground">Invoice</span>
            {page.invoiceNumber}
          </h1>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <dl className="grid grid-cols-2 gap-y-2 text-sm">
            <dt className="text-muted-foreground">Invoice total</dt>
            <dd className="text-right tabular-nums">{formatMoney(page.totalCentavos, page.currency)}</dd>
            <dt className="text-muted-foreground">Due date</dt>
            <dd className="text-right">{formatCalendarDate(page.dueDate)}</dd>
            {page.state === "payable" ? (
              <>
                <dt className="font-medium">Amount due</dt>
                <dd className="text-right text-lg font-semibold tabular-nums">{formatMoney(page.outstandingCentavos, page.currency)}</dd>
              </>
            ) : null}
          </dl>
          {page.state === "paid" ? (
            <p role="status" className="rounded-md border border-success/40 bg-accent p-3 text-center font-medium text-accent-foreground">
              Paid — thank you
            </p>
          ) : page.state === "void" ? (
            <p role="status" className="rounded-md border p-3 text-center">
              This invoice was cancelled; there is nothing to pay.
            </p>
          ) : page.state === "unpayable" ? (
            <p role="status" className="rounded-md border p-3 text-center">
              This invoice cannot be paid online. Please contact {page.tenantName}.
            </p>
          ) : (
            <>
              {notice ? <PayNotice kind={notice} /> : null}
              {page.methods.length === 0 ? (
                <p className="text-sm text-muted-foreground">Online payment is not available right now. Please contact {page.tenantName} to pay.</p>
              ) : (
                <MethodButtons block fields={{ token: page.token }} methods={page.methods} what={`invoice ${page.invoiceNumber}`} />
              )}
            </>
          )}
        </CardContent>
      </Card>
      <p className="text-center text-xs text-muted-foreground">
        Payments are processed by {page.tenantName}&apos;s payment provider; your card and wallet details never reach {page.tenantName}.
      </p>
    </main>
  );
}
