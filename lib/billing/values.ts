/**
 * Billing enum values and their labels without Drizzle or zod, for client components; schema.ts builds its columns from
 * them and forms.ts re-exports the labels.
 */
export const paymentMethods = ["cash", "bank_transfer", "gcash", "maya", "qrph", "grabpay", "card", "paypal", "check", "other"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export const paymentMethodLabels: Record<PaymentMethod, string> = {
  cash: "Cash",
  bank_transfer: "Bank transfer",
  gcash: "GCash",
  maya: "Maya",
  qrph: "QR Ph",
  grabpay: "GrabPay",
  card: "Card",
  paypal: "PayPal",
  check: "Check",
  other: "Other",
};
