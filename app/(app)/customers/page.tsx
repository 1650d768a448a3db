import Link from "next/link";
import { Plus, TriangleAlert, Upload } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTenant } from "@/lib/tenants/service";
import {
  COUNT_CAP,
  customerPageSizes,
  hasActiveFilters,
  listCustomerFilterOptions,
  listCustomers,
  listInputFromParams,
  parseCustomerListParams,
  tenantHasCustomers,
  type CustomerListParams,
} from "@/lib/customers/list";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { CustomersView } from "@/components/customers/customers-view";
import type { ListParams } from "@/components/customers/list-url";

export const metadata = { title: "Customers" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The URL's valid parameters as strings (invalid ones were dropped by the parser). */
function toListParams(p: CustomerListParams, page: number): ListParams {
  const out: ListParams = {};
  for (const [key, value] of Object.entries(p)) if (value !== undefined && key !== "page") out[key as keyof ListParams] = String(value);
  if (page > 1) out.page = String(page);
  return out;
}

export default async function CustomersPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffPage("customers:view");
  const params = parseCustomerListParams(await searchParams);
  const input = listInputFromParams(ctx.tenantId, params);
  const [result, options, tenant] = await Promise.all([
    listCustomers(ctx.db, input),
    listCustomerFilterOptions(ctx.db, { tenantId: ctx.tenantId, city: params.city }),
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const filtered = hasActiveFilters(input);
  const noCustomersAtAll = result.total === 0 && (!filtered || !(await tenantHasCustomers(ctx.db, { tenantId: ctx.tenantId })));
  const canWrite = can(ctx.role, "customers:write");
  const canImport = can(ctx.role, "customers:import");
  const canRetain = can(ctx.role, "customers:retention");

  const actions = (
    <>
      {canRetain && !noCustomersAtAll ? (
        <Button asChild variant="outline">
          <Link href="/customers/at-risk">
            <TriangleAlert aria-hidden="true" />
            At risk
          </Link>
        </Button>
      ) : null}
      {canImport ? (
        <Button asChild variant="outline">
          <Link href="/import">
            <Upload aria-hidden="true" />
            Import CSV
          </Link>
        </Button>
      ) : null}
      {canWrite ? (
        <Button asChild>
          <Link href="/customers/new">
            <Plus aria-hidden="true" />
            New customer
          </Link>
        </Button>
      ) : null}
    </>
  );
  const count = result.totalCapped ? `${COUNT_CAP.toLocaleString("en-PH")}+` : result.total.toLocaleString("en-PH");

  return (
    <>
      <PageHeader
        title="Customers"
        description={noCustomersAtAll ? "Everyone you provide internet service to." : `${count} ${filtered ? "matching" : "in total"}`}
        actions={actions}
      />
      {noCustomersAtAll ? (
        <EmptyState
          title="No customers yet"
          action={canWrite || canImport ? <div className="flex flex-wrap justify-center gap-2">{actions}</div> : undefined}
        >
          {canWrite || canImport
            ? "Add your first customer, or import your existing list from a spreadsheet (CSV)."
            : "Customers appear here once an admin or support staff adds or imports them."}
        </EmptyState>
      ) : (
        <CustomersView
          params={toListParams(params, result.page)}
          rows={result.rows}
          total={result.total}
          totalCapped={result.totalCapped}
          page={result.page}
          pageSize={result.pageSize}
          pageSizes={[...customerPageSizes]}
          options={options}
          timeZone={tenant.timezone}
          permissions={{
            bulk: can(ctx.role, "customers:bulk"),
            export: can(ctx.role, "customers:export"),
            suspend: can(ctx.role, "subscriptions:suspend"),
          }}
        />
      )}
    </>
  );
}
