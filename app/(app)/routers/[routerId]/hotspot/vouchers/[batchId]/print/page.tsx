import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { getVoucherSheet } from "@/lib/hotspot/service";
import { formatValidity } from "@/lib/hotspot/rules";
import { getTenant } from "@/lib/tenants/service";
import { formatMoney } from "@/lib/core/money";
import { or404 } from "@/lib/core/page";
import { PrintButton } from "@/components/hotspot/print-button";

export const metadata = { title: "Print vouchers" };

/* On paper only the sheet shows, black on white whatever the screen theme, and no card is split across pages. */
const printCss = `
@media print {
  @page { margin: 10mm; }
  :root, .dark { --background: #fff; --foreground: #000; --card: #fff; --border: #000; --muted-foreground: #222; color-scheme: light; }
  body aside, body header, body nav, [data-print-hidden] { display: none !important; }
  body main { padding: 0 !important; }
  body .min-h-dvh { display: block !important; min-height: 0 !important; padding: 0 !important; }
}`;

const speed = (kbps: number) => (kbps >= 1000 ? `${kbps / 1000} Mbps` : `${kbps} kbps`);

export default async function PrintVouchersPage({ params }: { params: Promise<{ routerId: string; batchId: string }> }) {
  // Codes are what customers pay for: only staff who may sell vouchers see them.
  const ctx = await requireStaffPage("hotspot:write");
  const { routerId, batchId } = await params;
  const [{ batch, plan, codes }, tenant] = await Promise.all([
    or404(getVoucherSheet(ctx.db, { tenantId: ctx.tenantId, routerId, batchId })),
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const validity = formatValidity(batch.validitySeconds);
  const price = formatMoney(batch.priceCentavos);
  return (
    <div className="flex flex-col gap-4">
      <style>{printCss}</style>
      <div data-print-hidden className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">{batch.name}</h2>
          <p className="text-sm text-muted-foreground">
            {codes.length.toLocaleString("en-PH")} printable codes · {plan?.name} · {validity} · {price}
            {codes.length < batch.count ? ` (${(batch.count - codes.length).toLocaleString("en-PH")} disabled codes left off)` : ""}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link
            href={`/routers/${routerId}/hotspot`}
            className="inline-flex h-9 items-center rounded-md border border-input px-4 text-sm font-medium hover:bg-muted"
          >
            Back to hotspot
          </Link>
          <PrintButton />
        </div>
      </div>
      {codes.length === 0 ? (
        <p className="text-sm text-muted-foreground">Every code of this batch is disabled; there is nothing to print.</p>
      ) : (
        <ul
          aria-label={`Voucher cards of ${batch.name}`}
          className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2 md:grid-cols-3 xl:grid-cols-4 print:grid-cols-3 print:gap-2"
        >
          {codes.map(({ code }) => (
            <li
              key={code}
              className="flex break-inside-avoid flex-col gap-1 rounded-lg border border-dashed bg-card p-3 text-center print:rounded-none print:border-black"
            >
              <span className="truncate text-xs font-semibold uppercase tracking-wide text-muted-foreground">{tenant.name}</span>
              <span className="text-xs text-muted-foreground">
                {plan?.name}
                {plan ? ` · ${speed(plan.downloadKbps)}` : ""}
              </span>
              <span className="my-1 font-mono text-xl font-bold tracking-[0.2em]">{code}</span>
              <span className="text-sm">
                {validity} · <span className="font-semibold">{price}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
