/** Payment gateway names, the ways to pay online and their labels, without zod, for client components; rules.ts builds its schemas from them and re-exports them. */
export const providers = ["stripe", "paypal", "paymongo", "xendit"] as const;
export type Provider = (typeof providers)[number];
export const providerLabels: Record<Provider, string> = { stripe: "Stripe", paypal: "PayPal", paymongo: "PayMongo", xendit: "Xendit" };

/** The ways a subscriber can pay online, in the order the pay pages offer them (the Philippine wallets first). */
export const onlineMethods = ["gcash", "maya", "qrph", "grabpay", "card", "paypal"] as const;
export type OnlineMethod = (typeof onlineMethods)[number];
export const onlineMethodLabels: Record<OnlineMethod, string> = {
  gcash: "GCash",
  maya: "Maya",
  qrph: "QR Ph",
  grabpay: "GrabPay",
  card: "Card",
  paypal: "PayPal",
};

/** Which methods each gateway can carry. */
export const methodsOf: Record<Provider, readonly OnlineMethod[]> = {
  stripe: ["card"],
  paypal: ["paypal"],
  paymongo: ["gcash", "maya", "qrph", "grabpay", "card"],
  xendit: ["gcash", "maya", "qrph", "grabpay"],
};

/** An online method is recorded in the ledger under the payment method of the same name. */
export type MethodOption = { method: OnlineMethod; provider: Provider };
