import { describe, expect, it } from "vitest";
import { renderInvoicePdf } from "./invoice";
import { renderCreditNotePdf, renderReceiptPdf } from "./receipt";
import { pdfSafe } from "./canvas";
import { pdfMoney } from "./layout";
import { sampleInvoiceDocument } from "../sample";
import { qrModules } from "../pay-qr";
import type { DocumentBranding, InvoiceDocumentData } from "../types";
import { dataUrl, makePng, pdfPageCount, pdfText } from "@/tests/support/pdf";

const branding: DocumentBranding = {
  name: "Batangas Fiber Net",
  legalName: "Batangas Fiber Net Corp.",
  address: "C.M. Recto Ave, Lipa City, Batangas",
  tin: "123-456-789-000",
  email: "billing@batangasfiber.ph",
  contactPhone: "0917 123 4567",
  brandColor: "#0f766e",
  logoDataUrl: null,
  invoiceFooter: "Salamat po! This is a computer-generated invoice.",
  invoiceNotes: "Pay by GCash to 0917 123 4567.",
  currency: "PHP",
  timezone: "Asia/Manila",
  vatRateBps: 1200,
};

const invoice = (overrides: Partial<InvoiceDocumentData> = {}): InvoiceDocumentData => ({ ...sampleInvoiceDocument(branding), ...overrides });
const text = async (pdf: Promise<Buffer>) => pdfText(await pdf);

describe("invoice PDF", () => {
  it("is a one-page A4 PDF with the letterhead, the lines and the VAT breakdown in pesos", async () => {
    const pdf = await renderInvoicePdf(invoice(), { compress: false });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdfPageCount(pdf)).toBe(1);
    expect(pdf.toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
    const content = pdfText(pdf);
    for (const expected of [
      "Batangas Fiber Net",
      "VAT Reg. TIN: 123-456-789-000",
      "INV-2026-000123",
      "Juan Dela Cruz",
      "TIN 987-654-321-000",
      "Fiber 50 Mbps — monthly service",
      "₱1,499.00",
      "-₱100.00",
      "VATable sales",
      "Zero-rated sales",
      "VAT-exempt sales",
      "VAT (12%)",
      "Total amount due",
      "Amount paid",
      "Balance due",
      "Nov 8, 2026",
      "Pay by GCash to 0917 123 4567.",
      "Salamat po! This is a computer-generated invoice.",
      "INV-2026-000123  ·  Page 1 of 1",
    ]) {
      expect(content).toContain(expected);
    }
    expect(content).not.toContain("VOID");
  });

  it("prints the pay link's QR code with its caption and short link while payable, on the same single page", async () => {
    const url = `http://localhost:3000/pay/${"T".repeat(86)}`;
    const shortUrl = "http://localhost:3000/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456-";
    const pdf = await renderInvoicePdf(invoice({ payLink: { url, shortUrl, qr: qrModules(url) } }), { compress: false });
    expect(pdfPageCount(pdf)).toBe(1);
    const content = pdfText(pdf);
    expect(content).toContain("Scan to pay online");
    expect(content).toContain(shortUrl);
    // Drawn as vector squares, not an embedded image.
    expect(pdf.toString("latin1")).not.toContain("/Subtype /Image");

    const paid = await text(renderInvoicePdf(invoice({ payLink: null }), { compress: false }));
    expect(paid).not.toContain("Scan to pay online");
    expect(paid).not.toContain("/p/");
  });

  it("labels the VAT with the invoice's rate", async () => {
    expect(await text(renderInvoicePdf(invoice({ vatRateBps: 1250 }), { compress: false }))).toContain("VAT (12.5%)");
  });

  it("marks a void invoice VOID with its reason", async () => {
    const base = invoice();
    const content = await text(
      renderInvoicePdf(
        { ...base, invoice: { ...base.invoice, status: "void", voidReason: "Billed twice", voidedAt: new Date("2026-11-03T04:00:00Z") } },
        { compress: false },
      ),
    );
    expect(content).toContain("VOID");
    expect(content).toContain("This invoice was voided on Nov 3, 2026 and is not payable. Reason: Billed twice.");
  });

  it("shows a waived late fee struck through with the reason, and the payments received", async () => {
    const base = invoice();
    const content = await text(
      renderInvoicePdf(
        {
          ...base,
          lines: [
            ...base.lines,
            {
              id: "fee",
              kind: "late_fee",
              description: "Late payment fee",
              periodStart: null,
              periodEnd: null,
              amountCentavos: 100_00,
              waived: true,
              waiveReason: "First time",
            },
          ],
          payments: [
            { kind: "payment", id: "p", number: "OR-2026-000045", date: new Date("2026-11-05T02:00:00Z"), method: "gcash", amountCentavos: 500_00 },
          ],
        },
        { compress: false },
      ),
    );
    expect(content).toContain("Waived: First time");
    expect(content).toContain("Payments received");
    expect(content).toMatch(/OR-2026-000045\nNov 5, 2026\nGCash\n₱500.00/);
  });

  it("runs a long invoice onto more pages, each numbered", async () => {
    const base = invoice();
    const lines = Array.from({ length: 60 }, (_, i) => ({ ...base.lines[0], id: `l${i}`, description: `Line ${i + 1}` }));
    const pdf = await renderInvoicePdf({ ...base, lines }, { compress: false });
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(pdfText(pdf)).toContain(`Page ${pages} of ${pages}`);
    expect(pdfText(pdf)).toContain("Line 60");
  });

  it("draws the tenant's PNG logo, with or without transparency, and skips a damaged one", async () => {
    for (const png of [makePng(), makePng({ alpha: true })]) {
      const pdf = await renderInvoicePdf(invoice({ branding: { ...branding, logoDataUrl: dataUrl(png) } }), { compress: false });
      expect(pdf.toString("latin1")).toContain("/Subtype /Image");
    }
    const damaged = await renderInvoicePdf(invoice({ branding: { ...branding, logoDataUrl: dataUrl(makePng({ alpha: true, badFilter: true })) } }), {
      compress: false,
    });
    expect(damaged.toString("latin1")).not.toContain("/Subtype /Image");
    expect(pdfText(damaged)).toContain("INV-2026-000123");
  });
});

describe("receipt and credit note PDFs", () => {
  const customer = invoice().customer;
  it("an official receipt says who paid, how much, how, and what it paid", async () => {
    const content = await text(
      renderReceiptPdf(
        {
          kind: "receipt",
          branding,
          customer,
          payment: {
            id: "p",
            receiptNumber: "OR-2026-000045",
            receivedAt: new Date("2026-11-05T17:30:00Z"),
            issuedAt: new Date("2026-11-20T03:00:00Z"),
            method: "gcash",
            reference: "GC123",
            amountCentavos: 2000_00,
            refundedCentavos: 0,
            notes: "",
          },
          appliedTo: [{ invoiceId: "i", number: "INV-2026-000123", issueDate: "2026-11-01", amountCentavos: 1549_00 }],
          creditLeftCentavos: 451_00,
        },
        { compress: false },
      ),
    );
    expect(content).toContain("OFFICIAL RECEIPT");
    expect(content).toContain("OR-2026-000045");
    // Entered on Nov 20 for money received at 01:30 on Nov 6 in Manila: both dates, each in its place.
    expect(content).toMatch(/Date issued\nNov 20, 2026/);
    expect(content).toMatch(/Payment date\nNov 6, 2026/);
    expect(content).toContain("Received from Juan Dela Cruz the sum of ₱2,000.00 by GCash (ref. GC123) on Nov 6, 2026.");
    expect(content).toMatch(/INV-2026-000123\nNov 1, 2026\n₱1,549.00/);
    expect(content).toMatch(/Credit left on account\n₱451.00/);
  });

  it("a credit note says its amount, reason, the invoice it credits and its VAT split", async () => {
    const content = await text(
      renderCreditNotePdf(
        {
          kind: "credit_note",
          branding,
          customer,
          creditNote: {
            id: "c",
            number: "CN-2026-000007",
            kind: "credit",
            createdAt: new Date("2026-11-10T02:00:00Z"),
            amountCentavos: 300_00,
            vatableCentavos: 217_86,
            zeroRatedCentavos: 50_00,
            exemptCentavos: 0,
            taxCentavos: 32_14,
            reason: "Outage of 5 days",
            invoiceNumber: "INV-2026-000123",
            receiptNumber: null,
            gatewayReference: null,
          },
          appliedTo: [],
          unappliedCentavos: 300_00,
        },
        { compress: false },
      ),
    );
    expect(content).toContain("CREDIT NOTE");
    expect(content).toContain("CN-2026-000007");
    expect(content).toContain("Outage of 5 days");
    expect(content).toMatch(/For invoice\nINV-2026-000123/);
    expect(content).toMatch(/Amount credited\n₱300.00/);
    // The sales it takes back, split like an invoice.
    expect(content).toMatch(/VATable sales credited\n₱217.86/);
    expect(content).toMatch(/Zero-rated sales credited\n₱50.00/);
    expect(content).toMatch(/VAT-exempt sales credited\n₱0.00/);
    expect(content).toMatch(/VAT credited\n₱32.14/);
  });
});

describe("text Helvetica can draw", () => {
  it.each([
    ["Dasmariñas", "Dasmariñas"],
    ["Late fee ₱100", "Late fee PHP 100"],
    ["Café “quoted” — ok…", "Café “quoted” — ok…"],
    ["Ngọc 😀", "Ng?c ?"],
  ])("%s → %s", (input, output) => {
    expect(pdfSafe(input)).toBe(output);
  });

  it("writes pesos with the sign and currencies whose sign Helvetica lacks with their code", () => {
    expect(pdfMoney(149900, "PHP")).toBe("₱1,499.00");
    expect(pdfMoney(149900, "USD")).toBe("$1,499.00");
    expect(pdfMoney(149900, "VND")).toMatch(/^VND\s1,499$/);
  });
});
