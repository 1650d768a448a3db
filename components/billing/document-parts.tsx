/*
 * The HTML twin of lib/billing/documents/pdf/layout.ts. A document is a sheet of white paper in light
 * and dark mode alike (fixed ink colours, all AA on white); the brand colour only colours the title and
 * rules, which the template keeps at 3:1 or more against white. No hooks, so the template preview can
 * render it in the browser.
 */
import { formatMoney } from "@/lib/core/money";
import { customerAddress } from "@/lib/billing/documents/format";
import { contrastWithWhite } from "@/lib/core/contrast";
import type { DocumentBranding, DocumentCustomer } from "@/lib/billing/documents/types";
import { cn } from "@/lib/core/cn";

/** On paper only the document shows, black on white, whatever the screen theme. */
export const printCss = `
@media print {
  @page { size: A4; margin: 12mm; }
  :root, .dark { --background: #fff; --foreground: #000; color-scheme: light; }
  body aside, body header, body nav, [data-print-hidden] { display: none !important; }
  body main { padding: 0 !important; }
  body .min-h-dvh { display: block !important; min-height: 0 !important; padding: 0 !important; }
}`;

export const paperInk = {
  text: "text-[#111827]",
  muted: "text-[#4b5563]",
  rule: "border-[#d1d5db]",
  tint: "bg-[#f3f4f6]",
  void: "text-[#b42318]",
  link: "text-[#1d4ed8]",
};

/** The brand colour when it is a readable `#rrggbb`, else the default teal. */
export function accentOf(branding: DocumentBranding): string {
  const color = branding.brandColor;
  return /^#[0-9a-fA-F]{6}$/.test(color) && contrastWithWhite(color) >= 3 ? color : "#0f766e";
}

export const money = (centavos: number, branding: DocumentBranding) => formatMoney(centavos, branding.currency);

export function Paper({ label, accent, children }: { label: string; accent: string; children: React.ReactNode }) {
  return (
    <article
      aria-label={label}
      className={cn(
        "mx-auto w-full max-w-[210mm] overflow-hidden rounded-lg border bg-white shadow-sm print:max-w-none print:rounded-none print:border-0 print:shadow-none",
        paperInk.rule,
        paperInk.text,
      )}
    >
      <div aria-hidden="true" className="h-2 print:[print-color-adjust:exact]" style={{ backgroundColor: accent }} />
      <div className="flex flex-col gap-6 p-4 text-sm sm:p-8">{children}</div>
    </article>
  );
}

export type MetaItem = { label: string; value: React.ReactNode; strong?: boolean };

/** Logo and the ISP's registered details on the left; the title and the document's numbers on the right. */
export function Letterhead({
  branding,
  accent,
  title,
  meta,
  stamp,
}: {
  branding: DocumentBranding;
  accent: string;
  title: string;
  meta: MetaItem[];
  stamp?: React.ReactNode;
}) {
  const contact = [branding.email, branding.contactPhone].filter(Boolean).join(" · ");
  return (
    <div className={cn("flex flex-col gap-5 border-b pb-5 sm:flex-row sm:justify-between", paperInk.rule)}>
      <div className="flex min-w-0 flex-col gap-1">
        {branding.logoDataUrl ? (
          // A data URL from the template: next/image has nothing to optimise here.
          // eslint-disable-next-line @next/next/no-img-element
          <img src={branding.logoDataUrl} alt={`${branding.name} logo`} className="mb-2 max-h-14 max-w-40 object-contain object-left" />
        ) : null}
        <p className="text-base font-bold">{branding.name}</p>
        <div className={cn("flex flex-col text-xs leading-relaxed", paperInk.muted)}>
          {branding.legalName && branding.legalName !== branding.name ? <span>{branding.legalName}</span> : null}
          {branding.address ? <span>{branding.address}</span> : null}
          {branding.tin ? <span>VAT Reg. TIN: {branding.tin}</span> : null}
          {contact ? <span className="break-all">{contact}</span> : null}
        </div>
      </div>
      <div className="flex shrink-0 flex-col gap-2 sm:items-end">
        <h2 className="text-2xl font-bold uppercase tracking-wide" style={{ color: accent }}>
          {title}
        </h2>
        <dl className="grid grid-cols-[auto_auto] gap-x-6 gap-y-0.5 text-xs sm:text-right">
          {meta.map((item) => (
            <div key={item.label} className="contents">
              <dt className={cn("sm:text-left", paperInk.muted)}>{item.label}</dt>
              <dd className={cn("tabular-nums", item.strong && "font-bold")}>{item.value}</dd>
            </div>
          ))}
        </dl>
        {stamp}
      </div>
    </div>
  );
}

export function PartyBlock({ heading, customer }: { heading: string; customer: DocumentCustomer }) {
  const address = customerAddress(customer);
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <h3 className={cn("text-xs font-bold uppercase tracking-wide", paperInk.muted)}>{heading}</h3>
      <p className="text-base font-bold">{customer.name}</p>
      <p className={paperInk.muted}>Account no. {customer.accountNumber}</p>
      {customer.tin ? <p className={paperInk.muted}>TIN {customer.tin}</p> : null}
      {address ? <p className={paperInk.muted}>{address}</p> : null}
      {customer.email ? <p className={cn("break-all", paperInk.muted)}>{customer.email}</p> : null}
      {customer.taxExempt ? <p className={paperInk.muted}>VAT-exempt{customer.taxExemptReason ? `: ${customer.taxExemptReason}` : ""}</p> : null}
    </div>
  );
}

/** The boxed figures beside the customer (balance due and due date; amount received). */
export function Callout({ accent, rows }: { accent: string; rows: MetaItem[] }) {
  return (
    <dl
      className="grid w-full grid-cols-[1fr_auto] items-baseline gap-x-4 gap-y-1 self-start rounded-md border-2 p-3 sm:w-64"
      style={{ borderColor: accent }}
    >
      {rows.map((row) => (
        <div key={row.label} className="contents">
          <dt className={paperInk.muted}>{row.label}</dt>
          <dd className={cn("text-right tabular-nums", row.strong && "text-lg font-bold")}>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export type TotalRow = { label: string; value: string; strong?: boolean };

/** The totals as a two-column table (row headers, amounts), right-aligned under the lines. */
export function TotalsTable({ caption, rows, accent }: { caption: string; rows: TotalRow[]; accent: string }) {
  return (
    <table className="ml-auto w-full max-w-xs border-collapse text-sm">
      <caption className="sr-only">{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label} className={row.strong ? "border-t-2 font-bold" : undefined} style={row.strong ? { borderTopColor: accent } : undefined}>
            <th scope="row" className={cn("py-1 pr-4 text-left font-normal", row.strong ? "font-bold" : paperInk.muted)}>
              {row.label}
            </th>
            <td className="py-1 text-right tabular-nums">{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A data table inside a document: visible caption, column headers, tinted header row. */
export function PaperTable({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: { label: string; align?: "right" }[];
  children: React.ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="mb-2 text-left text-sm font-bold">{caption}</caption>
        <thead>
          <tr className={cn("text-xs uppercase tracking-wide", paperInk.tint, paperInk.muted)}>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={cn("px-2 py-2 font-bold", c.align === "right" ? "text-right" : "text-left")}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={cn("divide-y border-b", paperInk.rule, "[&>tr]:border-[#d1d5db]")}>{children}</tbody>
      </table>
    </div>
  );
}

export function NotesAndFooter({ notes, footer }: { notes: string[]; footer: string }) {
  const shown = notes.filter((n) => n.trim());
  return (
    <>
      {shown.length > 0 ? (
        <div>
          <h3 className="text-sm font-bold">Notes</h3>
          {shown.map((note, i) => (
            <p key={i} className={cn("mt-1 whitespace-pre-wrap", paperInk.muted)}>
              {note}
            </p>
          ))}
        </div>
      ) : null}
      {footer.trim() ? <p className={cn("whitespace-pre-wrap border-t pt-3 text-xs", paperInk.rule, paperInk.muted)}>{footer}</p> : null}
    </>
  );
}
