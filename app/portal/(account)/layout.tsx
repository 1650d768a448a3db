import { requirePortalPage } from "@/lib/portal/context";
import { PortalShell } from "@/components/portal/portal-shell";

export default async function PortalAccountLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requirePortalPage();
  return (
    <PortalShell branding={ctx.tenant} customer={{ name: ctx.customer.name, accountNumber: ctx.customer.accountNumber }}>
      {children}
    </PortalShell>
  );
}
