import { SectionTabs, type SectionTab } from "@/components/shell/section-tabs";
import { can, type Permission } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/auth/schema";

const sections: { href: string; label: string; permission: Permission; exact?: boolean }[] = [
  { href: "/settings/notifications", label: "Channels", permission: "notifications:settings", exact: true },
  { href: "/settings/notifications/templates", label: "Templates", permission: "notifications:settings" },
  { href: "/settings/notifications/outbox", label: "Outbox", permission: "notifications:outbox" },
];

/** The notification settings' sections, each shown to the roles allowed to use it. */
export function NotificationTabs({ role }: { role: StaffRole }) {
  const tabs: SectionTab[] = sections.filter((s) => can(role, s.permission)).map(({ href, label, exact }) => ({ href, label, exact }));
  if (tabs.length < 2) return null;
  return (
    <div className="mb-5">
      <SectionTabs label="Notification settings" tabs={tabs} />
    </div>
  );
}
