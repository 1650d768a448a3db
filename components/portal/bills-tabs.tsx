import { SectionTabs } from "@/components/shell/section-tabs";

export function BillsTabs() {
  return (
    <SectionTabs
      label="Bills"
      tabs={[
        { href: "/portal/bills", label: "Invoices", exact: true },
        { href: "/portal/bills/receipts", label: "Receipts" },
      ]}
    />
  );
}
