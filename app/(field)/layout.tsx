import type { Metadata } from "next";
import { requireStaffPage } from "@/lib/auth/session";
import { getTenant } from "@/lib/tenants/service";
import { can, roleLabels } from "@/lib/auth/permissions";
import { navItems } from "@/components/shell/nav-items";
import { FieldShell } from "@/components/field/field-shell";
import { BrandAccentStyle } from "@/components/shell/brand-accent-style";
import { RegisterServiceWorker } from "@/components/field/register-service-worker";
import { ReadOnlyBanner } from "@/components/settings/read-only-banner";

/** The technician's pages alone offer the installable app (the manifest is not linked from any other page). */
export const metadata: Metadata = { manifest: "/manifest.webmanifest" };

/**
 * The technician's pages (/field…) are opened on phones over mobile data: the same staff check and sections as the
 * staff pages' layout, in a shell rendered on the server (components/field/field-shell.tsx), with the service worker
 * that keeps them open without signal.
 */
export default async function FieldAreaLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireStaffPage();
  const tenant = await getTenant(ctx.db, { tenantId: ctx.tenantId });
  const items = navItems.filter((item) => can(ctx.role, item.permission));
  return (
    <FieldShell items={items} user={{ name: ctx.userName, role: roleLabels[ctx.role] }} tenantName={tenant.name} logoDataUrl={tenant.logoDataUrl}>
      <BrandAccentStyle brandColor={tenant.brandColor} />
      <RegisterServiceWorker />
      {ctx.writesBlocked ? <ReadOnlyBanner message={ctx.writesBlocked.message} canOpenPlan={can(ctx.role, "settings:view")} /> : null}
      {children}
    </FieldShell>
  );
}
