import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { gatewayViews } from "@/lib/payments/gateways";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BillingTabs } from "@/components/billing/billing-tabs";
import { PaypalGatewayForm, StripeGatewayForm } from "@/components/billing/gateway-forms";
import { PaymongoGatewayForm, XenditGatewayForm } from "@/components/billing/ph-gateway-forms";

export const metadata = { title: "Payment gateways" };

export default async function PaymentGatewaysPage() {
  const ctx = await requireStaffPage("billing:view");
  const views = await gatewayViews(ctx.db, { tenantId: ctx.tenantId });
  const readOnly = !can(ctx.role, "billing:settings");
  return (
    <>
      <PageHeader
        title="Payment gateways"
        description={
          readOnly
            ? "You can view these settings; someone with billing settings access can change them."
            : "Let subscribers pay online with GCash, Maya, QR Ph, GrabPay, card or PayPal. Each way to pay goes through one gateway. Keys are stored encrypted and never shown again."
        }
      />
      <BillingTabs />
      <div className="mt-5 grid gap-5 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>PayMongo (GCash, Maya, QR Ph, GrabPay, cards)</CardTitle>
            <CardDescription>Keys from the PayMongo dashboard: Developers → API keys.</CardDescription>
          </CardHeader>
          <CardContent>
            <PaymongoGatewayForm view={views.paymongo} readOnly={readOnly} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Xendit (GCash, Maya, QR Ph, GrabPay)</CardTitle>
            <CardDescription>A secret key from the Xendit dashboard: Settings → API keys, with Money-in write access.</CardDescription>
          </CardHeader>
          <CardContent>
            <XenditGatewayForm view={views.xendit} readOnly={readOnly} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Stripe (cards)</CardTitle>
            <CardDescription>Keys from the Stripe dashboard: Developers → API keys.</CardDescription>
          </CardHeader>
          <CardContent>
            <StripeGatewayForm view={views.stripe} readOnly={readOnly} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>PayPal</CardTitle>
            <CardDescription>A REST app from developer.paypal.com: its client id and secret.</CardDescription>
          </CardHeader>
          <CardContent>
            <PaypalGatewayForm view={views.paypal} readOnly={readOnly} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
