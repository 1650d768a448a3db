import { SectionTabs, type SectionTab } from "@/components/shell/section-tabs";
import { can, type Permission } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/auth/schema";

const sections: { path: string; label: string; permission: Permission }[] = [
  { path: "", label: "Overview", permission: "customers:view" },
  { path: "/billing", label: "Billing", permission: "billing:view" },
  { path: "/tickets", label: "Tickets", permission: "tickets:view" },
  { path: "/documents", label: "Documents", permission: "documents:view" },
  { path: "/communications", label: "Messages", permission: "customers:view" },
];

/** A customer's sections, each shown to the roles allowed to read it. */
export function CustomerTabs({ customerId, role }: { customerId: string; role: StaffRole }) {
  const tabs: SectionTab[] = sections
    .filter((s) => can(role, s.permission))
    .map((s) => ({ href: `/customers/${customerId}${s.path}`, label: s.label, exact: true }));
  if (tabs.length < 2) return null;
  return (
    <div className="mb-5">
      <SectionTabs label="Customer sections" tabs={tabs} />
    </div>
  );
}
