import Link from "next/link";
import { timeZoneOrDefault } from "@/lib/core/time-zones";
import { requireStaffPage } from "@/lib/auth/session";
import { auditEntityTypes, listAuditEntries } from "@/lib/audit/queries";
import { parseAuditFilter } from "@/lib/audit/rules";
import { getTenant } from "@/lib/tenants/service";
import { DataTable } from "@/components/ui/table";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Input, Label, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { describeAuditAction, describeChanges } from "@/lib/audit/describe";
import { formatDateTime } from "@/lib/core/dates";

export const metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaffPage("audit:view");
  const { filter, dateErrors } = parseAuditFilter(await searchParams);
  // The date filter's days are the ISP's calendar days (its zone comes with the session).
  const [{ rows, nextBefore }, tenant] = await Promise.all([
    listAuditEntries(ctx.db, { tenantId: ctx.tenantId, filter, timeZone: timeZoneOrDefault(ctx.timeZone) }),
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const nextParams = new URLSearchParams(
    Object.entries({ ...filter, before: nextBefore ?? undefined })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  return (
    <>
      <PageHeader title="Audit log" description="Every change to access, customers, subscriptions, plans, routers and settings: who, when, what." />
      <form className="mb-4 grid gap-3 rounded-lg border bg-card p-3 sm:grid-cols-3 lg:grid-cols-6" method="get">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="f-entity">Record type</Label>
          <NativeSelect id="f-entity" name="entityType" defaultValue={filter.entityType ?? ""}>
            <option value="">All</option>
            {auditEntityTypes.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, " ")}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="f-action">Action contains</Label>
          <Input id="f-action" name="action" defaultValue={filter.action ?? ""} placeholder="status" />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="f-actor">Staff member</Label>
          <Input id="f-actor" name="actor" defaultValue={filter.actor ?? ""} />
        </div>
        <DateFilter name="from" label="From" value={filter.from} error={dateErrors.from} />
        <DateFilter name="to" label="To" value={filter.to} error={dateErrors.to} />
        <div className="flex items-end gap-2">
          <Button type="submit">Filter</Button>
          <Button asChild variant="ghost">
            <Link href="/audit">Clear</Link>
          </Button>
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState title="No entries match">Change the filters, or come back after your team makes changes.</EmptyState>
      ) : (
        <DataTable columns={[{ label: "When" }, { label: "Who" }, { label: "What" }, { label: "Record" }, { label: "Changes" }]}>
          {rows.map((e) => (
            <tr key={e.id} className="align-top">
              <td className="whitespace-nowrap p-3">
                <time dateTime={e.createdAt.toISOString()}>{formatDateTime(e.createdAt, tenant.timezone)}</time>
              </td>
              <td className="p-3">
                {e.actorLabel}
                {e.ipAddress ? <span className="block text-xs text-muted-foreground">{e.ipAddress}</span> : null}
              </td>
              <td className="p-3">
                {describeAuditAction(e.action)}
                <span className="block font-mono text-xs text-muted-foreground">{e.action}</span>
              </td>
              <td className="p-3">
                {e.customerId ? (
                  <Link className="text-primary underline" href={`/customers/${e.customerId}`}>
                    {e.entityType}
                  </Link>
                ) : (
                  e.entityType
                )}
              </td>
              <td className="p-3 text-xs text-muted-foreground">
                <ul>
                  {describeChanges(e.before, e.after).map((l) => (
                    <li key={l} className="break-words">
                      {l}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {nextBefore ? (
        <div className="mt-4">
          <Button asChild variant="outline">
            <Link href={`/audit?${nextParams.toString()}`}>Older entries</Link>
          </Button>
        </div>
      ) : null}
    </>
  );
}

/** A date box of the filter form, with the message when the address held a day that does not exist. */
function DateFilter({ name, label, value, error }: { name: "from" | "to"; label: string; value?: string; error?: string }) {
  const id = `f-${name}`;
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="date"
        name={name}
        defaultValue={value ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
