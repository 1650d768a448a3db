import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getCustomer } from "@/lib/customers/service";
import { getTenant } from "@/lib/tenants/service";
import { or404 } from "@/lib/core/page";
import { communicationLog } from "@/lib/notify/communications";
import { getPreferences } from "@/lib/notify/preferences";
import { enabledChannels } from "@/lib/notify/settings";
import { EmptyState } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { CustomerHeader } from "@/components/customers/customer-header";
import { CommunicationLogList } from "@/components/notify/communication-log";
import { CommunicationEntryForm } from "@/components/notify/communication-entry-form";
import { PreferencesForm } from "@/components/notify/preferences-form";

export const metadata = { title: "Customer messages" };

export default async function CustomerCommunicationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ customerId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requireStaffPage("customers:view");
  const customer = await or404(getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: (await params).customerId }));
  const page = Math.max(1, Math.min(10_000, Number((await searchParams).page) || 1));
  const [tenant, log, preferences, enabled] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    communicationLog(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id, page }),
    getPreferences(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id }),
    enabledChannels(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const base = `/customers/${customer.id}/communications`;
  const mayEdit = can(ctx.role, "customers:write");
  return (
    <>
      <CustomerHeader customer={customer} role={ctx.role} />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="flex min-w-0 flex-col gap-5">
          {can(ctx.role, "communications:write") ? (
            <Card>
              <CardHeader>
                <CardTitle>Log a call, visit or chat</CardTitle>
              </CardHeader>
              <CardContent>
                <CommunicationEntryForm customerId={customer.id} />
              </CardContent>
            </Card>
          ) : null}
          <section aria-labelledby="log-title" className="flex flex-col gap-3">
            <h2 id="log-title" className="text-base font-semibold">
              Communication log
            </h2>
            {log.items.length === 0 ? (
              <EmptyState title="Nothing yet">
                Invoices, receipts, reminders and ticket updates sent to this customer appear here, with calls and visits your team logs.
              </EmptyState>
            ) : (
              <CommunicationLogList items={log.items} timeZone={tenant.timezone} />
            )}
            <Pager newer={log.page > 1 ? `${base}?page=${log.page - 1}` : null} older={log.hasMore ? `${base}?page=${log.page + 1}` : null} />
          </section>
        </div>
        <Card className="self-start">
          <CardHeader>
            <CardTitle>Notification preferences</CardTitle>
            <CardDescription>
              Email {customer.email.trim() || "not on file"} · phone {customer.phone.trim() || "not on file"}.{" "}
              {mayEdit ? (
                <Link className="text-primary underline" href={`/customers/${customer.id}/edit`}>
                  Change contact details
                </Link>
              ) : null}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <PreferencesForm customerId={customer.id} initial={preferences} enabled={[...enabled]} readOnly={!mayEdit} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
