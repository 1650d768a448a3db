/** A made-up invoice in the tenant's branding: the template page's live preview (and the renderer's tests). */
import { applyTax, sumLines } from "@/lib/billing/money";
import type { DocumentBranding, InvoiceDocumentData } from "./types";

const sampleLines = [
  { description: "Fiber 50 Mbps — monthly service", amount: 1_499_00, periodStart: "2026-11-01", periodEnd: "2026-11-30", exempt: false },
  { description: "Mesh Wi-Fi unit rental", amount: 150_00, periodStart: "2026-11-01", periodEnd: "2026-11-30", exempt: false },
  { description: "Loyalty discount", amount: -100_00, periodStart: null, periodEnd: null, exempt: false },
];

export function sampleInvoiceDocument(branding: DocumentBranding): InvoiceDocumentData {
  const lines = sampleLines.map((line, index) => ({
    id: `sample-${index}`,
    kind: line.amount < 0 ? ("discount" as const) : ("service" as const),
    description: line.description,
    periodStart: line.periodStart,
    periodEnd: line.periodEnd,
    taxExempt: line.exempt,
    taxRateBps: line.exempt ? 0 : branding.vatRateBps,
    ...applyTax({ amount: line.amount, rateBps: branding.vatRateBps, inclusive: true, exempt: line.exempt }),
  }));
  const totals = sumLines(lines);
  return {
    kind: "invoice",
    branding,
    customer: {
      id: "sample-customer",
      name: "Juan Dela Cruz",
      accountNumber: "ACC-000042",
      serviceAddress: "123 Rizal St.",
      barangay: "Poblacion",
      city: "Lipa City",
      email: "juan@example.com",
      taxExempt: false,
      taxExemptReason: "",
      tin: "987-654-321-000",
    },
    invoice: {
      id: "sample-invoice",
      number: "INV-2026-000123",
      status: "open",
      issueDate: "2026-11-01",
      dueDate: "2026-11-08",
      periodStart: "2026-11-01",
      periodEnd: "2026-11-30",
      notes: "",
      voidedAt: null,
      voidReason: null,
      emailedAt: null,
    },
    vatRateBps: branding.vatRateBps,
    lines: lines.map((line) => ({
      id: line.id,
      kind: line.kind,
      description: line.description,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      amountCentavos: line.totalCentavos,
      waived: false,
      waiveReason: null,
    })),
    totals: { ...totals, amountPaidCentavos: 0, balanceDueCentavos: totals.totalCentavos },
    payments: [],
    payLink: null,
  };
}
