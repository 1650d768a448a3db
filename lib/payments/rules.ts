/*
 * Gateway settings as the forms and the action parse them, and the pure rules around them: the API base
 * URL overrides (checked by lib/core/urls). Amounts for PayPal and Stripe are converted by lib/core/money. Shared by
 * the browser and the server.
 */
import { z } from "zod";
import { apiBaseUrlProblem, normalizeBaseUrl } from "@/lib/core/urls";
import { methodsOf, onlineMethods, type OnlineMethod, type Provider } from "./values";

export { methodsOf, onlineMethodLabels, onlineMethods, providerLabels, providers, type MethodOption, type OnlineMethod, type Provider } from "./values";

const baseUrlField = (hostOnly: boolean) =>
  z
    .string()
    .trim()
    .max(300, "At most 300 characters")
    .superRefine((value, ctx) => {
      const problem =
        value === ""
          ? null
          : apiBaseUrlProblem(value, { hostOnly, example: hostOnly ? "https://api.stripe.com" : "https://api-m.sandbox.paypal.com" });
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** A secret typed into the form; blank means "keep the saved one". */
const secretField = z.string().trim().max(500, "At most 500 characters");

const common = {
  enabled: z.boolean(),
  mode: z.enum(["test", "live"], "Choose test or live"),
};

export const stripeSettingsSchema = z
  .object({
    provider: z.literal("stripe"),
    ...common,
    publishableKey: z
      .string()
      .trim()
      .max(300, "At most 300 characters")
      .refine((v) => v === "" || /^pk_(test|live)_[A-Za-z0-9]+$/.test(v), "A publishable key starts with pk_test_ or pk_live_"),
    secretKey: secretField.refine(
      (v) => v === "" || /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(v),
      "A secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_",
    ),
    webhookSigningSecret: secretField.refine((v) => v === "" || /^whsec_[A-Za-z0-9+/=_-]+$/.test(v), "A signing secret starts with whsec_"),
    apiBaseUrl: baseUrlField(true),
  })
  .superRefine((v, ctx) => {
    // A live key in test mode (or the reverse) charges real cards by surprise, or never charges at all.
    for (const field of ["publishableKey", "secretKey"] as const) {
      const keyMode = /_(test|live)_/.exec(v[field])?.[1];
      if (keyMode && keyMode !== v.mode)
        ctx.addIssue({ code: "custom", path: [field], message: `This is a ${keyMode} key but the mode is ${v.mode}` });
    }
  });

export const paypalSettingsSchema = z.object({
  provider: z.literal("paypal"),
  ...common,
  clientId: z
    .string()
    .trim()
    .max(300, "At most 300 characters")
    .refine((v) => v === "" || /^[A-Za-z0-9_-]+$/.test(v), "Paste the client id from the PayPal developer dashboard"),
  clientSecret: secretField,
  webhookId: secretField.refine((v) => v === "" || /^[A-Za-z0-9_-]+$/.test(v), "Paste the webhook id PayPal shows for the webhook"),
  apiBaseUrl: baseUrlField(false),
});

/** The ways to pay an ISP offers through a gateway that carries several; at least one while the gateway is switched on. */
const methodsField = (provider: "paymongo" | "xendit") =>
  z.array(z.enum(onlineMethods)).refine((list) => list.every((m) => methodsOf[provider].includes(m)), "Choose among the methods this gateway carries");

const requireMethods = (v: { enabled: boolean; methods: OnlineMethod[] }, ctx: z.RefinementCtx) => {
  if (v.enabled && v.methods.length === 0) ctx.addIssue({ code: "custom", path: ["methods"], message: "Choose at least one way to pay" });
};

export const paymongoSettingsSchema = z
  .object({
    provider: z.literal("paymongo"),
    ...common,
    publicKey: z
      .string()
      .trim()
      .max(300, "At most 300 characters")
      .refine((v) => v === "" || /^pk_(test|live)_[A-Za-z0-9]+$/.test(v), "A public key starts with pk_test_ or pk_live_"),
    secretKey: secretField.refine((v) => v === "" || /^sk_(test|live)_[A-Za-z0-9]+$/.test(v), "A secret key starts with sk_test_ or sk_live_"),
    webhookSecret: secretField.refine((v) => v === "" || /^whsk_[A-Za-z0-9]+$/.test(v), "A webhook secret starts with whsk_"),
    methods: methodsField("paymongo"),
    apiBaseUrl: baseUrlField(true),
  })
  .superRefine((v, ctx) => {
    for (const field of ["publicKey", "secretKey"] as const) {
      const keyMode = /_(test|live)_/.exec(v[field])?.[1];
      if (keyMode && keyMode !== v.mode)
        ctx.addIssue({ code: "custom", path: [field], message: `This is a ${keyMode} key but the mode is ${v.mode}` });
    }
    requireMethods(v, ctx);
  });

export const xenditSettingsSchema = z
  .object({
    provider: z.literal("xendit"),
    ...common,
    secretKey: secretField.refine(
      (v) => v === "" || /^xnd_(development|production)_[A-Za-z0-9]+$/.test(v),
      "A secret key starts with xnd_development_ or xnd_production_",
    ),
    callbackToken: secretField.refine((v) => v === "" || /^[A-Za-z0-9]{16,}$/.test(v), "Paste the verification token from Xendit's callback settings"),
    methods: methodsField("xendit"),
    apiBaseUrl: baseUrlField(true),
  })
  .superRefine((v, ctx) => {
    const keyMode = /^xnd_(development|production)_/.exec(v.secretKey)?.[1];
    const expected = v.mode === "live" ? "production" : "development";
    if (keyMode && keyMode !== expected) ctx.addIssue({ code: "custom", path: ["secretKey"], message: `This is a ${keyMode} key but the mode is ${v.mode}` });
    requireMethods(v, ctx);
  });

export const gatewaySettingsSchema = z.discriminatedUnion("provider", [stripeSettingsSchema, paypalSettingsSchema, paymongoSettingsSchema, xenditSettingsSchema]);
export type StripeSettingsInput = z.input<typeof stripeSettingsSchema>;
export type PaypalSettingsInput = z.input<typeof paypalSettingsSchema>;
export type PaymongoSettingsInput = z.input<typeof paymongoSettingsSchema>;
export type XenditSettingsInput = z.input<typeof xenditSettingsSchema>;
export type GatewaySettings = z.output<typeof gatewaySettingsSchema>;

/** What a settings form shows: never a secret, only whether one is saved. */
export type GatewayView = {
  provider: Provider;
  configured: boolean;
  enabled: boolean;
  mode: "test" | "live";
  publicId: string;
  apiBaseUrl: string;
  secretSaved: boolean;
  webhookSecretSaved: boolean;
  webhookUrl: string;
  /** The ways to pay offered through this gateway, and those another enabled gateway already offers. */
  methods: OnlineMethod[];
  methodsTaken: Partial<Record<OnlineMethod, Provider>>;
  /** PayMongo: NetSphere registered its webhook endpoint on the gateway. */
  webhookRegistered: boolean;
};

/** The URL a tenant pastes into the gateway's dashboard (PayMongo's is registered for them); the tenant id only picks the secret to verify with. */
export const webhookUrlFor = (appUrl: string, provider: Provider, tenantId: string) =>
  `${normalizeBaseUrl(appUrl)}/api/webhooks/${provider}/${tenantId}`;

export const defaultPaypalBaseUrl = (mode: "test" | "live") => (mode === "live" ? "https://api-m.paypal.com" : "https://api-m.sandbox.paypal.com");
