import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/customers/status-badge";
import { CustomerTabs } from "@/components/customers/customer-tabs";
import type { StaffRole } from "@/lib/auth/schema";
import type { Customer } from "@/lib/customers/schema";

/** The heading every customer section shares: name, account number, status (and tags), then the section tabs. */
export function CustomerHeader({
  customer,
  role,
  actions,
  showTags = false,
}: {
  customer: Pick<Customer, "id" | "name" | "accountNumber" | "status" | "tags">;
  role: StaffRole;
  actions?: React.ReactNode;
  showTags?: boolean;
}) {
  return (
    <>
      <PageHeader
        title={customer.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{customer.accountNumber}</span>
            <StatusBadge status={customer.status} />
            {showTags ? customer.tags.map((t) => <Badge key={t}>{t}</Badge>) : null}
          </span>
        }
        actions={actions}
      />
      <CustomerTabs customerId={customer.id} role={role} />
    </>
  );
}
