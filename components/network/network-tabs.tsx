import { SectionTabs, type SectionTab } from "@/components/shell/section-tabs";

const networkTabs: SectionTab[] = [
  { href: "/network", label: "Status", exact: true },
  { href: "/network/incidents", label: "Incidents" },
  { href: "/network/topology", label: "Topology" },
  { href: "/network/map", label: "Map" },
  { href: "/network/ipam", label: "IP addresses" },
  { href: "/network/analytics", label: "Analytics" },
  { href: "/network/rules", label: "Alert rules" },
  { href: "/network/maintenance", label: "Maintenance" },
];

/** The network operations area's sections, under each of its pages' headers. */
export function NetworkTabs() {
  return (
    <div className="mb-5">
      <SectionTabs label="Network sections" tabs={networkTabs} />
    </div>
  );
}
