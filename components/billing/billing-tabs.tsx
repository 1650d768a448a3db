import { SectionTabs, type SectionTab } from "@/components/shell/section-tabs";

const billingTabs: SectionTab[] = [
  { href: "/billing", label: "Invoices", exact: true, alsoUnder: ["/billing/invoices"] },
  { href: "/billing/payments", label: "Payments" },
  { href: "/billing/settlement", label: "Settlement" },
  { href: "/billing/runs", label: "Billing runs" },
  { href: "/billing/promos", label: "Promo codes" },
  { href: "/billing/settings", label: "Settings" },
  { href: "/billing/template", label: "Invoice template" },
  { href: "/billing/gateways", label: "Online payments" },
];

/** The billing area's sections, under each billing page's header. */
export function BillingTabs() {
  return <SectionTabs label="Billing sections" tabs={billingTabs} />;
}
