import { SectionTabs } from "@/components/shell/section-tabs";

/** The operator area's sections. */
export function PlatformTabs() {
  return (
    <div className="mb-5">
      <SectionTabs
        label="Operator sections"
        tabs={[
          { href: "/platform", label: "ISPs", exact: true },
          { href: "/platform/billing", label: "NetSphere billing" },
          { href: "/platform/gateways", label: "Payment gateways" },
        ]}
      />
    </div>
  );
}
