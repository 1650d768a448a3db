"use client";
import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight, Mail } from "lucide-react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import { cn } from "@/lib/core/cn";
import { formatMoney } from "@/lib/core/money";
import { sendOverdueRemindersAction } from "@/lib/reports/actions/send-overdue-reminders";
import type { OverdueRow } from "@/lib/reports/overdue";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-PH")} ${n === 1 ? one : many}`;

export type OverdueQuery = { sort: "days" | "amount"; dir: "asc" | "desc"; page: number; size: number; month?: string };

/** `/finance?…` keeping the other sections' parameters; the list's anchor keeps the place on the page. */
export function financeHref(query: OverdueQuery, changes: Partial<OverdueQuery>): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.month) params.set("month", next.month);
  if (next.sort !== "days") params.set("sort", next.sort);
  if (next.dir !== "desc") params.set("dir", next.dir);
  if (next.page > 1) params.set("page", String(next.page));
  if (next.size !== 25) params.set("size", String(next.size));
  const qs = params.toString();
  return `/finance${qs ? `?${qs}` : ""}#overdue`;
}

function SortLink({ label, sortKey, query }: { label: string; sortKey: "days" | "amount"; query: OverdueQuery }) {
  const active = query.sort === sortKey;
  const nextDir = active && query.dir === "desc" ? "asc" : "desc";
  const Icon = active ? (query.dir === "asc" ? ArrowUp : ArrowDown) : ArrowUpDown;
  return (
    <Link
      href={financeHref(query, { sort: sortKey, dir: nextDir, page: 1 })}
      scroll={false}
      className="inline-flex items-center gap-1 rounded hover:text-foreground"
    >
      {label}
      <Icon className={cn("size-3.5", active ? "text-foreground" : "text-muted-foreground")} aria-hidden="true" />
      <span className="sr-only">, sort {nextDir === "asc" ? "ascending" : "descending"}</span>
    </Link>
  );
}

/** Overdue invoices with row selection and a bulk "Send reminder"; sorting and paging live in the URL. */
export function OverdueList({
  rows,
  total,
  query,
  currency,
  canRemind,
}: {
  rows: OverdueRow[];
  total: number;
  query: OverdueQuery;
  currency: string;
  canRemind: boolean;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const pageIds = rows.map((r) => r.invoiceId);
  const chosen = pageIds.filter((id) => selected.has(id));
  const allSelected = rows.length > 0 && chosen.length === rows.length;
  const withoutEmail = new Set(rows.filter((r) => selected.has(r.invoiceId) && !r.hasEmail).map((r) => r.customerId)).size;
  const lastPage = Math.max(1, Math.ceil(total / query.size));
  const money = (c: number) => formatMoney(c, currency);

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(pageIds));

  const send = () =>
    startTransition(async () => {
      const result = await sendOverdueRemindersAction({ invoiceIds: chosen });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      const { sent, customersWithoutEmail, skipped } = result.data;
      const notes = [
        customersWithoutEmail > 0 ? `${plural(customersWithoutEmail, "customer")} had no email address` : "",
        skipped > 0 ? `${plural(skipped, "invoice")} no longer overdue` : "",
      ].filter(Boolean);
      toast.success(`Sent ${plural(sent, "reminder")}${notes.length ? `; ${notes.join(", ")}.` : "."}`);
      setConfirming(false);
      setSelected(new Set());
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {canRemind ? (
        <div
          role="region"
          aria-label="Bulk actions"
          className="flex min-h-10 flex-wrap items-center gap-x-3 gap-y-1.5 rounded-md border bg-card px-3 py-1 text-sm"
        >
          <p aria-live="polite" className={chosen.length ? "font-medium" : "text-muted-foreground"}>
            {chosen.length ? `${plural(chosen.length, "invoice")} selected` : "Select invoices to email their customers a reminder."}
          </p>
          {chosen.length ? (
            <>
              <Button size="sm" onClick={() => setConfirming(true)}>
                <Mail aria-hidden="true" />
                Send reminder
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
                Clear selection
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
      <div className="relative overflow-x-auto rounded-md border bg-card">
        <table className="w-full text-sm">
          <caption className="sr-only">
            Overdue invoices, page {query.page} of {lastPage}
          </caption>
          <thead className="border-b text-left text-xs text-muted-foreground">
            <tr>
              {canRemind ? (
                <th scope="col" className="w-10 px-2.5 py-2">
                  <input
                    type="checkbox"
                    className="size-4 align-middle accent-[var(--primary)]"
                    aria-label="Select all overdue invoices on this page"
                    checked={allSelected}
                    ref={(el) => {
                      if (el) el.indeterminate = chosen.length > 0 && !allSelected;
                    }}
                    onChange={toggleAll}
                  />
                </th>
              ) : null}
              <th scope="col" className="px-2.5 py-2 font-medium">
                Invoice
              </th>
              <th scope="col" className="px-2.5 py-2 font-medium">
                Customer
              </th>
              <th scope="col" className="whitespace-nowrap px-2.5 py-2 font-medium">
                Due
              </th>
              <th
                scope="col"
                className="whitespace-nowrap px-2.5 py-2 text-right font-medium"
                aria-sort={query.sort === "days" ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
              >
                <SortLink label="Days overdue" sortKey="days" query={query} />
              </th>
              <th
                scope="col"
                className="whitespace-nowrap px-2.5 py-2 text-right font-medium"
                aria-sort={query.sort === "amount" ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
              >
                <SortLink label="Outstanding" sortKey="amount" query={query} />
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {rows.map((r) => (
              <tr key={r.invoiceId} className={cn("align-top", selected.has(r.invoiceId) && "bg-muted/70")}>
                {canRemind ? (
                  <td className="px-2.5 py-2">
                    <input
                      type="checkbox"
                      className="size-4 align-middle accent-[var(--primary)]"
                      aria-label={`Select invoice ${r.number} of ${r.customerName}`}
                      checked={selected.has(r.invoiceId)}
                      onChange={() => toggle(r.invoiceId)}
                    />
                  </td>
                ) : null}
                <td className="whitespace-nowrap px-2.5 py-2 font-mono text-xs">{r.number}</td>
                <td className="min-w-44 px-2.5 py-2">
                  <Link
                    href={`/customers/${r.customerId}`}
                    className="font-medium underline decoration-border underline-offset-2 hover:decoration-primary"
                  >
                    {r.customerName}
                  </Link>
                  <span className="block font-mono text-xs text-muted-foreground">
                    {r.accountNumber}
                    {r.hasEmail ? "" : " · no email"}
                  </span>
                </td>
                <td className="whitespace-nowrap px-2.5 py-2 font-mono text-xs">{r.dueDate}</td>
                <td className="px-2.5 py-2 text-right tabular-nums">{r.daysOverdue.toLocaleString("en-PH")}</td>
                <td className="whitespace-nowrap px-2.5 py-2 text-right tabular-nums">{money(r.outstandingCentavos)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Overdue invoices pages" className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="tabular-nums text-muted-foreground">
          {plural(total, "overdue invoice")}, page {query.page} of {lastPage}
        </p>
        <div className="flex items-center gap-1">
          {query.page > 1 ? (
            <Link href={financeHref(query, { page: query.page - 1 })} scroll={false} className={buttonVariants({ variant: "outline", size: "sm" })}>
              <ChevronLeft aria-hidden="true" />
              Previous
            </Link>
          ) : null}
          {query.page < lastPage ? (
            <Link href={financeHref(query, { page: query.page + 1 })} scroll={false} className={buttonVariants({ variant: "outline", size: "sm" })}>
              Next
              <ChevronRight aria-hidden="true" />
            </Link>
          ) : null}
        </div>
      </nav>

      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent
          title="Send payment reminders"
          description={`Each customer of the ${plural(chosen.length, "selected invoice")} gets one email per invoice.${
            withoutEmail > 0
              ? ` ${plural(withoutEmail, "customer")} on this page ${withoutEmail === 1 ? "has" : "have"} no email address and will be skipped.`
              : ""
          } Each reminder is recorded in the audit log.`}
        >
          <div className="flex flex-wrap justify-end gap-2">
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button onClick={send} disabled={pending} aria-busy={pending}>
              {pending ? "Sending…" : `Send ${plural(chosen.length, "reminder")}`}
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}
