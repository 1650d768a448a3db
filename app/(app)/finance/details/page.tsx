import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { detailPage } from "@/lib/reports/details";
import { detailParamsSchema, flattenSearchParams } from "@/lib/reports/params";
import { fieldErrorsOf } from "@/lib/core/action";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { DetailTable } from "@/components/finance/detail-table";
import type { DetailQuery } from "@/components/finance/links";

export const metadata = { title: "Finance details" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const back = (
  <Button asChild variant="outline">
    <Link href="/finance">
      <ArrowLeft aria-hidden="true" />
      Finance
    </Link>
  </Button>
);

/** /finance/details?metric=<name>&… : the invoices, payments or subscriptions behind a dashboard figure. */
export default async function FinanceDetailsPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffPage("reports:finance");
  const raw = flattenSearchParams(await searchParams);
  const parsed = detailParamsSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = Object.entries(fieldErrorsOf(parsed.error));
    return (
      <>
        <PageHeader title="Finance details" actions={back} />
        <div role="alert" className="rounded-md border border-danger/50 p-4 text-sm">
          <p className="font-medium">This link does not name a figure we can list.</p>
          <ul className="mt-2 list-disc pl-5 text-muted-foreground">
            {errors.map(([field, messages]) => (
              <li key={field}>
                <span className="font-mono">{field}</span>: {messages.join("; ")}
              </li>
            ))}
          </ul>
        </div>
      </>
    );
  }
  const detail = await detailPage(ctx.db, { tenantId: ctx.tenantId, params: parsed.data });
  const query = Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, v === undefined ? undefined : String(v)])) as DetailQuery;
  return (
    <>
      <PageHeader title={detail.title} description={detail.description} actions={back} />
      <DetailTable detail={detail} query={query} />
    </>
  );
}
