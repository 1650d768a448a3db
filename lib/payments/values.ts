/** Payment gateway names and labels without zod, for client components; rules.ts builds its schemas from them and re-exports them. */
export const providers = ["stripe", "paypal"] as const;
export type Provider = (typeof providers)[number];
export const providerLabels: Record<Provider, string> = { stripe: "Stripe", paypal: "PayPal" };
