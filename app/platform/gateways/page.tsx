import { requirePlatformOperator } from "@/lib/auth/session";
import { gatewayViews } from "@/lib/payments/gateways";
import { ensurePlatformTenant, platformHandle } from "@/lib/tenants/platform-tenant";
import { registerPlatformWebhookAction, savePlatformGatewayAction } from "@/lib/tenants/actions/platform";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PlatformTabs } from "@/components/platform/platform-tabs";
import { PaypalGatewayForm, StripeGatewayForm } from "@/components/billing/gateway-forms";
import { PaymongoGatewayForm, XenditGatewayForm } from "@/components/billing/ph-gateway-forms";

export const metadata = { title: "NetSphere payment gateways" };

/** The gateways ISPs pay NetSphere through: the platform tenant's, kept with the same forms ISPs use for their subscribers. */
export default async function PlatformGatewaysPage() {
  const { db } = await requirePlatformOperator();
  const platformId = await ensurePlatformTenant(db);
  const views = await gatewayViews(await platformHandle(db, platformId), { tenantId: platformId });
  return (
    <>
      <PageHeader
        title="Payment gateways"
        description="How ISPs pay their NetSphere invoices online (the pay link on each invoice and on their plan page). Keys are stored encrypted and never shown again."
      />
      <PlatformTabs />
      <div className="grid gap-5 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>PayMongo (GCash, Maya, QR Ph, GrabPay, cards)</CardTitle>
            <CardDescription>Keys from NetSphere&apos;s PayMongo dashboard: Developers → API keys.</CardDescription>
          </CardHeader>
          <CardContent>
            <PaymongoGatewayForm view={views.paymongo} save={savePlatformGatewayAction} registerWebhook={registerPlatformWebhookAction} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Xendit (GCash, Maya, QR Ph, GrabPay)</CardTitle>
            <CardDescription>A secret key from NetSphere&apos;s Xendit dashboard with Money-in write access.</CardDescription>
          </CardHeader>
          <CardContent>
            <XenditGatewayForm view={views.xendit} save={savePlatformGatewayAction} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Stripe (cards)</CardTitle>
            <CardDescription>Keys from NetSphere&apos;s Stripe dashboard: Developers → API keys.</CardDescription>
          </CardHeader>
          <CardContent>
            <StripeGatewayForm view={views.stripe} save={savePlatformGatewayAction} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>PayPal</CardTitle>
            <CardDescription>A REST app of NetSphere&apos;s PayPal account: its client id and secret.</CardDescription>
          </CardHeader>
          <CardContent>
            <PaypalGatewayForm view={views.paypal} save={savePlatformGatewayAction} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
