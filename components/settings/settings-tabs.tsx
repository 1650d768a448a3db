import { SectionTabs, type SectionTab } from "@/components/shell/section-tabs";
import { can, type Permission } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/auth/schema";

const sections: (SectionTab & { permission: Permission })[] = [
  { href: "/settings", label: "Business", exact: true, permission: "settings:view" },
  { href: "/settings/sla", label: "SLA and hours", permission: "sla:settings" },
  { href: "/settings/notifications", label: "Notifications", permission: "notifications:settings" },
  { href: "/settings/data-top-ups", label: "Data top-ups", permission: "plans:view" },
  { href: "/settings/plan", label: "NetSphere plan", permission: "settings:view" },
  { href: "/settings/portal", label: "Portal and brand", permission: "branding:settings" },
  { href: "/settings/api-keys", label: "API keys", permission: "integrations:manage" },
  { href: "/settings/webhooks", label: "Webhooks", permission: "integrations:manage" },
];

/** The settings sections a role may open. */
export function SettingsTabs({ role }: { role: StaffRole }) {
  const tabs = sections.filter((s) => can(role, s.permission)).map(({ href, label, exact }) => ({ href, label, exact }));
  if (tabs.length < 2) return null;
  return (
    <div className="mb-5">
      <SectionTabs label="Settings sections" tabs={tabs} />
    </div>
  );
}
