import "server-only";

/** A PDF download: never cached by a shared cache, saved under its document number unless shown inline. */
export function pdfResponse({ filename, pdf }: { filename: string; pdf: Buffer }, { inline = false }: { inline?: boolean } = {}): Response {
  const safeName = filename.replace(/[^A-Za-z0-9._-]/g, "") || "document.pdf";
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      "content-type": "application/pdf",
      "content-length": String(pdf.length),
      "content-disposition": `${inline ? "inline" : "attachment"}; filename="${safeName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
