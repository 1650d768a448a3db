import type { InvoicePayLink } from "@/lib/billing/documents/types";
import { cn } from "@/lib/core/cn";
import { paperInk } from "./document-parts";

/** The dark modules as one SVG path, a rectangle per run in each row (no seams between neighbours). */
function qrPath(qr: boolean[][]): string {
  const parts: string[] = [];
  qr.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      const start = c;
      while (row[c + 1]) c++;
      parts.push(`M${start} ${r}h${c + 1 - start}v1h${start - c - 1}z`);
    }
  });
  return parts.join("");
}

/** The invoice's pay link as a QR code to scan, with its short form to type: the printed twin of the PDF's. */
export function PayQr({ payLink, invoiceNumber }: { payLink: InvoicePayLink; invoiceNumber: string }) {
  const size = payLink.qr.length;
  // The 4-module white border is part of the code: scanners need it to find the corners.
  const quiet = 4;
  return (
    <figure className="flex flex-col gap-1 self-start">
      <svg
        role="img"
        aria-label={`QR code: link to pay invoice ${invoiceNumber} online`}
        viewBox={`${-quiet} ${-quiet} ${size + 2 * quiet} ${size + 2 * quiet}`}
        shapeRendering="crispEdges"
        className="size-[32mm] bg-white print:[print-color-adjust:exact]"
      >
        <path d={qrPath(payLink.qr)} fill="#000" />
      </svg>
      <figcaption className="flex flex-col text-xs">
        <span className="font-bold">Scan to pay online</span>
        <span className={cn("break-all", paperInk.muted)}>{payLink.shortUrl}</span>
      </figcaption>
    </figure>
  );
}
