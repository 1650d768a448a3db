import { SectionTabs } from "@/components/shell/section-tabs";

/** A customer's sections: the profile and, for roles that see money, the billing ledger. */
export function CustomerTabs({ customerId, billing }: { customerId: string; billing: boolean }) {
  const tabs = [{ href: `/customers/${customerId}`, label: "Overview", exact: true }];
  if (billing) tabs.push({ href: `/customers/${customerId}/billing`, label: "Billing", exact: true });
  if (tabs.length < 2) return null;
  return (
    <div className="mb-5">
      <SectionTabs label="Customer sections" tabs={tabs} />
    </div>
  );
}
