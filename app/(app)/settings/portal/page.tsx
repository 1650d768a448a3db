import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTenant } from "@/lib/tenants/service";
import { appHostname, listPortalDomains } from "@/lib/tenants/domains";
import { MAX_DOMAINS_PER_ISP } from "@/lib/tenants/portal-rules";
import { AA, staffAccent, type ThemeAccent } from "@/lib/tenants/brand-accent";
import { portalUrlsOf } from "@/lib/portal/branding";
import { env } from "@/lib/core/env";
import { formatDateTime } from "@/lib/core/dates";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PortalAddressForm } from "@/components/settings/portal-address-form";
import { AddDomainForm, DomainList } from "@/components/settings/portal-domains";

export const metadata = { title: "Portal and brand" };

function accentNote(theme: "light" | "dark", accent: ThemeAccent): string {
  const name = theme === "light" ? "Light theme" : "Dark theme";
  if (accent.usable) return `${name}: your colour is the accent of buttons, links and the focus ring.`;
  return `${name}: your colour has ${accent.lowest.toFixed(1)}:1 contrast against the page there (${AA}:1 is needed to read), so the default blue is used.`;
}

export default async function PortalSettingsPage() {
  const ctx = await requireStaffPage("branding:settings");
  const [tenant, domains, urls] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    listPortalDomains(ctx.db, { tenantId: ctx.tenantId }),
    portalUrlsOf(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const appUrl = env().APP_URL.replace(/\/+$/, "");
  const accent = staffAccent(tenant.brandColor);
  const canEditBrand = can(ctx.role, "billing:settings");
  const when = (date: Date | null) => (date ? formatDateTime(date, tenant.timezone) : null);
  return (
    <>
      <PageHeader title="Portal and brand" description="Where your subscribers find their portal, and how your brand shows there and in this app." />
      <SettingsTabs role={ctx.role} />
      <div className="grid gap-5 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Portal address</CardTitle>
            <CardDescription>
              Subscribers sign in at{" "}
              <a className="break-all text-primary underline" href={urls.signIn} data-testid="portal-address">
                {urls.signIn}
              </a>
              . It is in every email and text we send them, and on the customer pages.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <PortalAddressForm slug={tenant.slug ?? ""} prefix={`${appUrl}/portal/`} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Brand</CardTitle>
            <CardDescription>Your logo and colour, from the invoice template: on the portal, emails, invoices and receipts, and in this app.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-3 text-sm">
            <div className="flex flex-wrap items-center gap-3">
              {tenant.logoDataUrl ? (
                // A data URL the ISP uploaded: next/image cannot optimise it.
                // eslint-disable-next-line @next/next/no-img-element
                <img src={tenant.logoDataUrl} alt={`${tenant.name} logo`} className="h-12 max-w-40 rounded bg-white object-contain p-1" />
              ) : (
                <p className="text-muted-foreground">No logo yet.</p>
              )}
              <span className="inline-flex items-center gap-2">
                <span aria-hidden="true" className="size-6 rounded border" style={{ backgroundColor: accent.color ?? undefined }} />
                Colour <code className="font-mono">{tenant.brandColor}</code>
              </span>
            </div>
            <ul className="list-disc pl-5">
              <li>{accentNote("light", accent.light)}</li>
              <li>{accentNote("dark", accent.dark)}</li>
            </ul>
            <p>
              {canEditBrand ? "Change them in " : "Staff with billing settings access change them in "}
              <Link className="text-primary underline" href="/billing/template">
                Billing → Invoice template
              </Link>
              .
            </p>
          </CardContent>
        </Card>
        <Card className="xl:col-span-2">
          <CardHeader>
            <CardTitle>Custom domains</CardTitle>
            <CardDescription>
              Put the portal on your own domain (up to {MAX_DOMAINS_PER_ISP}). Once verified, links we send use the first verified one, and the portal answers
              there with your name only. Its records point at {appHostname()}.
            </CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-5">
            <AddDomainForm disabled={domains.length >= MAX_DOMAINS_PER_ISP} />
            <DomainList
              canEdit
              domains={domains.map((d) => ({
                id: d.id,
                hostname: d.hostname,
                verified: when(d.verifiedAt),
                lastChecked: when(d.lastCheckedAt),
                lastError: d.lastError,
                lapses: when(d.lapsesAt),
                records: d.records,
              }))}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
