/*
 * Subscribers see only their ISP: every message we send them (each customer event's email and text, with its HTML
 * layout and its sender) and every document they get (invoice, official receipt, credit note) names the ISP and never
 * NetSphere. The portal's pages are checked the same way by the end-to-end test (tests/e2e/white-label.e2e.ts).
 */
import { describe, expect, it } from "vitest";
import { eventCatalog, commonVariables } from "@/lib/notify/events";
import { defaultTemplate } from "@/lib/notify/defaults";
import { renderMessage } from "@/lib/notify/render";
import { renderEmailHtml } from "@/lib/notify/email-html";
import { notificationEvents } from "@/lib/notify/values";
import { senderFor } from "@/lib/mail/sender";
import { renderInvoicePdf } from "@/lib/billing/documents/pdf/invoice";
import { renderCreditNotePdf, renderReceiptPdf } from "@/lib/billing/documents/pdf/receipt";
import { sampleInvoiceDocument } from "@/lib/billing/documents/sample";
import type { DocumentBranding } from "@/lib/billing/documents/types";
import { pdfText } from "@/tests/support/pdf";

const isp = "Bayan Fiber Internet";
const ours = /netsphere/i;

/** Each variable's sample, with the ISP's own name and addresses on its own domain. */
function sampleData(event: (typeof notificationEvents)[number]) {
  const data: Record<string, string> = {};
  for (const variable of [...commonVariables, ...eventCatalog[event].variables]) data[variable.name] = variable.sample;
  return { ...data, tenantName: isp, tenantContact: "0917 555 0100 or billing@bayanfiber.ph", portalUrl: "https://portal.bayanfiber.ph/sign-in" };
}

const customerEvents = notificationEvents.filter((event) => eventCatalog[event].audience === "customer");

describe("what subscribers receive names their ISP, never NetSphere", () => {
  it("finds the customer events", () => {
    expect(customerEvents.length).toBeGreaterThan(8);
  });

  it.each(customerEvents)("%s: the email (text and HTML) and the short text", (event) => {
    const data = sampleData(event);
    const email = renderMessage(defaultTemplate(event, "email"), data);
    const text = renderMessage(defaultTemplate(event, "sms"), data);
    const html = renderEmailHtml({ subject: email.subject, text: email.body, branding: { name: isp, brandColor: "#0f766e", hasLogo: false, contact: data.tenantContact } });
    expect(`${email.subject}\n${email.body}`).toContain(isp);
    expect(html).toContain(isp);
    for (const message of [email.subject, email.body, text.body, html]) expect(message).not.toMatch(ours);
  });

  it("emails are sent under the ISP's name, from the operator's address", () => {
    expect(senderFor("NetSphere <no-reply@netsphere.local>", isp)).toEqual({ name: isp, address: "no-reply@netsphere.local" });
    expect(senderFor("billing@mail.example.ph", isp)).toEqual({ name: isp, address: "billing@mail.example.ph" });
    // A message of NetSphere's own (staff sign-in mail) keeps the operator's sender.
    expect(senderFor("NetSphere <no-reply@netsphere.local>", null)).toBe("NetSphere <no-reply@netsphere.local>");
  });

  const branding: DocumentBranding = {
    name: isp,
    legalName: "Bayan Fiber Internet Services Inc.",
    address: "Lipa City, Batangas",
    tin: "123-456-789-000",
    email: "billing@bayanfiber.ph",
    contactPhone: "0917 555 0100",
    brandColor: "#0f766e",
    logoDataUrl: null,
    invoiceFooter: "",
    invoiceNotes: "",
    currency: "PHP",
    timezone: "Asia/Manila",
    vatRateBps: 1200,
  };
  const invoice = sampleInvoiceDocument(branding);
  const customer = invoice.customer;

  it.each([
    ["invoice", () => renderInvoicePdf(invoice, { compress: false })],
    [
      "official receipt",
      () =>
        renderReceiptPdf(
          {
            kind: "receipt",
            branding,
            customer,
            payment: {
              id: "p",
              receiptNumber: "OR-2026-000045",
              receivedAt: new Date("2026-11-05T17:30:00Z"),
              issuedAt: new Date("2026-11-05T17:30:00Z"),
              method: "gcash",
              reference: "GC123",
              amountCentavos: 1549_00,
              refundedCentavos: 0,
              notes: "",
            },
            appliedTo: [{ invoiceId: "i", number: "INV-2026-000123", issueDate: "2026-11-01", amountCentavos: 1549_00 }],
            creditLeftCentavos: 0,
          },
          { compress: false },
        ),
    ],
    [
      "credit note",
      () =>
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
              vatableCentavos: 267_86,
              zeroRatedCentavos: 0,
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
    ],
  ])("the %s PDF, its text and its document properties", async (_, render) => {
    const pdf = await render();
    expect(pdfText(pdf)).toContain(isp);
    expect(pdfText(pdf)).not.toMatch(ours);
    // The whole file: what is drawn, and the properties a PDF reader shows (title, author, producer).
    expect(pdf.toString("latin1")).not.toMatch(ours);
  });
});
