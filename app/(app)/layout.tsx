import { requireStaffPage } from "@/lib/auth/session";
import { getTenant } from "@/lib/tenants/service";
import { can } from "@/lib/auth/permissions";
import { roleLabels } from "@/lib/auth/permissions";
import { navItems } from "@/components/shell/nav-items";
import { AppShell } from "@/components/shell/app-shell";
import { BrandAccentStyle } from "@/components/shell/brand-accent-style";
import { IncidentBannerSlot } from "@/components/network/incident-banner-slot";
import { ReadOnlyBanner } from "@/components/settings/read-only-banner";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireStaffPage();
  const tenant = await getTenant(ctx.db, { tenantId: ctx.tenantId });
  const items = navItems.filter((item) => can(ctx.role, item.permission));
  return (
    <AppShell items={items} user={{ name: ctx.userName, role: roleLabels[ctx.role] }} tenantName={tenant.name} logoDataUrl={tenant.logoDataUrl}>
      <BrandAccentStyle brandColor={tenant.brandColor} />
      {ctx.writesBlocked ? <ReadOnlyBanner message={ctx.writesBlocked.message} canOpenPlan={can(ctx.role, "settings:view")} /> : null}
      {can(ctx.role, "network:view") ? <IncidentBannerSlot /> : null}
      {children}
    </AppShell>
  );
}
