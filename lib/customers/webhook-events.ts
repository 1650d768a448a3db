/*
 * The `data` of `customer.created` for outgoing webhooks: the same fields whether staff added the customer, a lead
 * was converted or a CSV import wrote thousands at once. Field names are the public API's (camelCase).
 */
import type { CustomerStatus } from "@/lib/customers/values";

export type CustomerCreatedSource = "staff" | "lead" | "import";

export function customerCreatedData(
  customer: {
    id: string;
    accountNumber: string;
    name: string;
    email?: string | null;
    phone?: string | null;
    status?: CustomerStatus | null;
    serviceAddress?: string | null;
    barangay?: string | null;
    city?: string | null;
    tags?: string[] | null;
  },
  { source, at, leadId }: { source: CustomerCreatedSource; at: Date; leadId?: string },
) {
  return {
    id: customer.id,
    accountNumber: customer.accountNumber,
    name: customer.name,
    email: customer.email ?? "",
    phone: customer.phone ?? "",
    status: customer.status ?? "active",
    serviceAddress: customer.serviceAddress ?? "",
    barangay: customer.barangay ?? "",
    city: customer.city ?? "",
    tags: customer.tags ?? [],
    source,
    ...(leadId ? { leadId } : {}),
    createdAt: at.toISOString(),
  };
}
