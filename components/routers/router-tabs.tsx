import { SectionTabs } from "@/components/shell/section-tabs";

/** The router's sections as links; the current one carries aria-current="page". */
export function RouterTabs({ routerId }: { routerId: string }) {
  const base = `/routers/${routerId}`;
  return (
    <SectionTabs
      label="Router sections"
      tabs={[
        { href: base, label: "Overview", exact: true },
        { href: `${base}/hotspot`, label: "Hotspot" },
        { href: `${base}/queues`, label: "Queues" },
        { href: `${base}/traffic`, label: "Traffic" },
        { href: `${base}/provisioning`, label: "Provisioning" },
      ]}
    />
  );
}
