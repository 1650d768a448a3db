import { describe, expect, it } from "vitest";
import { normalizePhone, recipientsFor, retryDelayMs, type Preferences, type RecipientFacts } from "./recipients";
import type { NotificationChannel } from "./schema";

const all = new Set<NotificationChannel>(["email", "sms", "telegram", "whatsapp"]);
const emailOnly = new Set<NotificationChannel>(["email"]);
function customer(preferences: Partial<Preferences> | null, contact: { email?: string; phone?: string } = {}) {
  const saved: Preferences | null = preferences && {
    channels: ["email", "sms"],
    optOut: false,
    telegramChatId: null,
    whatsappNumber: null,
    ...preferences,
  };
  return { email: contact.email ?? "ana@example.ph", phone: contact.phone ?? "0917 123 4567", preferences: saved };
}

const cases: [string, RecipientFacts, string[]][] = [
  [
    "no preferences saved: email and SMS",
    { event: "invoice_issued", enabled: all, customer: customer(null) },
    ["email:ana@example.ph", "sms:639171234567"],
  ],
  [
    "a channel the ISP has not switched on is skipped",
    { event: "invoice_issued", enabled: emailOnly, customer: customer(null) },
    ["email:ana@example.ph"],
  ],
  ["no email address on file", { event: "overdue", enabled: all, customer: customer(null, { email: "  " }) }, ["sms:639171234567"]],
  ["a phone that is not a number", { event: "overdue", enabled: all, customer: customer(null, { phone: "n/a" }) }, ["email:ana@example.ph"]],
  [
    "Telegram and WhatsApp chosen, with their addresses",
    {
      event: "due_reminder",
      enabled: all,
      customer: customer({ channels: ["telegram", "whatsapp"], telegramChatId: "5512345", whatsappNumber: "+63 918 000 1111" }),
    },
    ["telegram:5512345", "whatsapp:639180001111"],
  ],
  ["Telegram chosen without a chat id", { event: "due_reminder", enabled: all, customer: customer({ channels: ["telegram"] }) }, []],
  [
    "WhatsApp falls back to the customer's phone",
    { event: "due_reminder", enabled: all, customer: customer({ channels: ["whatsapp"] }) },
    ["whatsapp:639171234567"],
  ],
  ["opted out: no reminders", { event: "due_reminder", enabled: all, customer: customer({ optOut: true }) }, []],
  [
    "opted out: still told about a suspension",
    { event: "suspension", enabled: all, customer: customer({ optOut: true }) },
    ["email:ana@example.ph", "sms:639171234567"],
  ],
  [
    "opted out: still gets the password reset they asked for",
    { event: "portal_password_reset", enabled: all, customer: customer({ optOut: true }), requested: ["email"] },
    ["email:ana@example.ph"],
  ],
  ["the caller narrows to SMS", { event: "payment_received", enabled: all, customer: customer(null), requested: ["sms"] }, ["sms:639171234567"]],
  [
    "the caller asks for a channel the customer did not choose",
    { event: "payment_received", enabled: all, customer: customer({ channels: ["sms"] }), requested: ["email"] },
    [],
  ],
  [
    "staff sends on purpose: email although the customer chose SMS",
    { event: "invoice_issued", enabled: all, customer: customer({ channels: ["sms"], optOut: true }), requested: ["email"], explicit: true },
    ["email:ana@example.ph"],
  ],
  [
    "staff sends on purpose, but email is switched off",
    { event: "invoice_issued", enabled: new Set(["sms"]), customer: customer(null), requested: ["email"], explicit: true },
    [],
  ],
  ["a staff member who chose nothing gets email", { event: "sla_breach", enabled: all, user: { email: "agent@isp.ph" } }, ["email:agent@isp.ph"]],
  ["a staff member who chose email, asked on SMS only, gets nothing", { event: "sla_breach", enabled: all, user: { email: "agent@isp.ph", alertChannels: ["email"] }, requested: ["sms"] }, []],
  [
    "the on-call who chose SMS and Telegram gets both, on their own number and chat",
    { event: "incident_opened", enabled: all, user: { email: "noc@isp.ph", alertChannels: ["sms", "telegram"], alertPhone: "0917 555 0101", alertTelegramChatId: "  4242 " } },
    ["sms:639175550101", "telegram:4242"],
  ],
  [
    "a staff member's SMS choice without a number, or on a channel the ISP switched off, falls back to email",
    { event: "incident_opened", enabled: new Set(["email", "telegram"]), user: { email: "noc@isp.ph", alertChannels: ["sms"], alertPhone: "0917 555 0101" } },
    ["email:noc@isp.ph"],
  ],
  ["nobody to send to", { event: "overdue", enabled: all }, []],
];

describe("who gets a message", () => {
  it.each(cases)("%s", (_name, facts, expected) => {
    expect(recipientsFor(facts).map((r) => `${r.channel}:${r.recipient}`)).toEqual(expected);
  });
});

describe("phone numbers", () => {
  it.each([
    ["0917 123 4567", "639171234567"],
    ["+63 (917) 123-4567", "639171234567"],
    ["9171234567", "639171234567"],
    ["639171234567", "639171234567"],
    ["+1 415 555 0100", "14155550100"],
    ["12345", null],
    ["call me", null],
    ["", null],
  ])("%s → %s", (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });
});

describe("retry backoff", () => {
  it("waits 1, 5, 15, 60 and 180 minutes, then 6 hours", () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 5, 15, 60, 180, 360, 360]);
  });
});
