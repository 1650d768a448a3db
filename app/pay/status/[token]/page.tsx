/*
 * Where a customer lands after paying on a gateway, and where a QR Ph code is shown for paying from another
 * phone. Public: the signed token names one payment request of one tenant. What it says comes from our records
 * (paid once the gateway's webhook was recorded), never from the gateway's redirect.
 */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { formatMoney } from "@/lib/core/money";
import { formatDateTime } from "@/lib/core/dates";
import { loadStatusPage } from "@/lib/payments/status-page";
import { readStatusToken } from "@/lib/payments/status-links";
import { portalUrlsOf } from "@/lib/portal/branding";
import { onlineMethodLabels, providerLabels } from "@/lib/payments/values";
import { MethodButtons } from "@/components/payments/method-buttons";
import { StatusWatch } from "@/components/payments/status-watch";
import { Card, CardContent, CardHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your payment", robots: { index: false, follow: false }, referrer: "same-origin" };

export default async function PaymentStatusPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const page = await loadStatusPage(db, token);
  if (!page) notFound();
  // The subscriber's portal is on the ISP's own address when it has one (its sign-in cookie lives there).
  const portalHome = (await portalUrlsOf(db, { tenantId: readStatusToken(token)!.tenantId })).home;
  const how = page.method ? onlineMethodLabels[page.method] : providerLabels[page.provider];
  const retry = page.method ? [page.method] : [];
  const tryAgain = page.payToken ? (
    <MethodButtons block fields={{ token: page.payToken }} methods={retry} what={`invoice ${page.invoiceNumber}`} />
  ) : (
    <a href={portalHome} className="text-center text-sm text-primary underline underline-offset-4">
      Back to your account
    </a>
  );
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-4">
      <p className="text-center text-sm text-muted-foreground">{page.tenantName}</p>
      <Card>
        <CardHeader>
          <h1 className="text-base font-semibold">
            <span className="block text-sm font-normal text-muted-foreground">{page.invoiceNumber ? `Invoice ${page.invoiceNumber}` : "Account balance"}</span>
            {formatMoney(page.amountCentavos, page.currency)} with {how}
          </h1>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {page.state === "paid" ? (
            <p role="status" className="rounded-md border border-success/40 bg-accent p-3 text-center font-medium text-accent-foreground">
              Paid — thank you.{page.receiptNumber ? ` Official receipt ${page.receiptNumber}.` : ""} If your service was cut, it is back on within a minute.
            </p>
          ) : page.state === "failed" ? (
            <>
              <p role="alert" className="rounded-md border border-danger/50 p-3 text-sm">
                The payment did not go through{page.failureReason ? `: ${page.failureReason}` : "."} Nothing was charged.
              </p>
              {tryAgain}
            </>
          ) : page.state === "expired" ? (
            <>
              <p role="status" className="rounded-md border p-3 text-sm">
                This payment expired before it was made. Nothing was charged; start again below.
              </p>
              {tryAgain}
            </>
          ) : page.qrImage ? (
            <>
              <p className="text-sm">Scan this code with GCash, Maya or any bank app that reads QR Ph, then confirm the amount in the app.</p>
              {/* A data URL made by the gateway (or from its QR string): nothing is fetched from elsewhere. */}
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={page.qrImage} alt={`QR Ph code to pay ${formatMoney(page.amountCentavos, page.currency)}`} className="mx-auto aspect-square w-64 max-w-full bg-white p-2" />
              {page.expiresAt ? (
                <p className="text-center text-sm text-muted-foreground">Valid until {formatDateTime(page.expiresAt, page.timeZone)}</p>
              ) : null}
              <StatusWatch expiresAt={page.expiresAt?.toISOString() ?? null} />
              <p role="status" className="text-center text-sm">
                Waiting for your payment… this page changes by itself once it arrives.
              </p>
              {page.payToken ? (
                <details className="text-sm">
                  <summary className="cursor-pointer">Code not working?</summary>
                  <div className="mt-2 flex flex-col gap-2">
                    <p className="text-muted-foreground">Get a fresh code for the same amount.</p>
                    <MethodButtons fields={{ token: page.payToken }} methods={["qrph"]} what={`invoice ${page.invoiceNumber} with a new code`} />
                  </div>
                </details>
              ) : null}
            </>
          ) : (
            <>
              <StatusWatch expiresAt={null} />
              <p role="status" className="rounded-md border border-warning/50 p-3 text-sm">
                Waiting for {providerLabels[page.provider]} to confirm your payment. This page changes by itself once it does; it usually takes a few seconds.
              </p>
            </>
          )}
          {page.state === "waiting" ? (
            <a href={`/pay/status/${token}`} className="text-center text-sm text-primary underline underline-offset-4">
              Check again
            </a>
          ) : null}
        </CardContent>
      </Card>
    </main>
  );
}
