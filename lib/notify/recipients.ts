/*
 * Who gets a message, and on which channels: the subscriber's preferences (or the defaults), their opt-out,
 * the channels the ISP has switched on and the addresses on file. Pure, tested by a case table.
 * Also the retry schedule of the outbox sender.
 */
import { essentialEvents } from "./events";
import { notificationChannels, type NotificationChannel, type NotificationEvent } from "./values";

export type Preferences = {
  channels: NotificationChannel[];
  optOut: boolean;
  telegramChatId: string | null;
  whatsappNumber: string | null;
};

/** Without a saved row: email and SMS on, nothing opted out. */
export const defaultPreferences: Preferences = { channels: ["email", "sms"], optOut: false, telegramChatId: null, whatsappNumber: null };

/**
 * A mobile number as providers take it: international digits without "+" (Philippine 09171234567 and
 * 9171234567 become 639171234567); null when it is not a phone number.
 */
export function normalizePhone(raw: string | null | undefined): string | null {
  const cleaned = (raw ?? "").replace(/[\s().-]/g, "");
  if (!cleaned) return null;
  let digits = cleaned.startsWith("+") ? cleaned.slice(1) : cleaned;
  if (!/^\d+$/.test(digits)) return null;
  if (/^09\d{9}$/.test(digits)) digits = `63${digits.slice(1)}`;
  else if (/^9\d{9}$/.test(digits)) digits = `63${digits}`;
  return digits.length >= 8 && digits.length <= 15 ? digits : null;
}

const emailAddress = (raw: string | null | undefined) => {
  const value = (raw ?? "").trim();
  return /^[^\s@]+@[^\s@]+$/.test(value) ? value : null;
};

export type RecipientFacts = {
  event: NotificationEvent;
  /** Channels the ISP has switched on (and set up). */
  enabled: ReadonlySet<NotificationChannel>;
  /** The caller's channels: narrows the subscriber's choice, or is the choice itself when `explicit`. */
  requested?: readonly NotificationChannel[];
  /** A staff member sent this on purpose (e.g. "Email invoice"): preferences and opt-out are not consulted. */
  explicit?: boolean;
  customer?: { email: string; phone: string; preferences: Preferences | null } | null;
  /** A staff recipient, on the channels they chose on their account page (email when they chose none). */
  user?: { email: string; alertChannels?: readonly string[]; alertPhone?: string | null; alertTelegramChatId?: string | null } | null;
};

export type Recipient = { channel: NotificationChannel; recipient: string };

/** The channels and addresses a message goes to, in channel order; empty when nobody can or may get it. */
export function recipientsFor(facts: RecipientFacts): Recipient[] {
  const { enabled, requested } = facts;
  if (facts.user) {
    const user = facts.user;
    const chosen = user.alertChannels && user.alertChannels.length > 0 ? user.alertChannels : ["email"];
    const staffAddress: Record<NotificationChannel, () => string | null> = {
      email: () => emailAddress(user.email),
      sms: () => normalizePhone(user.alertPhone),
      telegram: () => (user.alertTelegramChatId ?? "").trim() || null,
      whatsapp: () => normalizePhone(user.alertPhone),
    };
    const out: Recipient[] = [];
    for (const channel of notificationChannels) {
      if (!chosen.includes(channel) || (requested && !requested.includes(channel)) || !enabled.has(channel)) continue;
      const recipient = staffAddress[channel]();
      if (recipient) out.push({ channel, recipient });
    }
    // Nobody is left unreached by a choice the ISP cannot send: email stands in.
    if (out.length === 0 && (!requested || requested.includes("email")) && enabled.has("email")) {
      const address = emailAddress(user.email);
      if (address) out.push({ channel: "email", recipient: address });
    }
    return out;
  }
  const customer = facts.customer;
  if (!customer) return [];
  const preferences = customer.preferences ?? defaultPreferences;
  const essential = essentialEvents.has(facts.event);
  if (preferences.optOut && !essential && !facts.explicit) return [];
  const wanted = requested
    ? facts.explicit || essential
      ? requested
      : requested.filter((channel) => preferences.channels.includes(channel))
    : preferences.channels;
  const addressOf: Record<NotificationChannel, () => string | null> = {
    email: () => emailAddress(customer.email),
    sms: () => normalizePhone(customer.phone),
    telegram: () => (preferences.telegramChatId ?? "").trim() || null,
    whatsapp: () => normalizePhone(preferences.whatsappNumber || customer.phone),
  };
  const out: Recipient[] = [];
  for (const channel of notificationChannels) {
    if (!wanted.includes(channel) || !enabled.has(channel)) continue;
    const recipient = addressOf[channel]();
    if (recipient) out.push({ channel, recipient });
  }
  return out;
}

/** Minutes to wait after the n-th failed attempt: 1, 5, 15, 60, 180, then every 6 hours. */
export const RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 180, 360] as const;

export function retryDelayMs(failedAttempts: number): number {
  const index = Math.min(Math.max(failedAttempts, 1), RETRY_DELAYS_MINUTES.length) - 1;
  return RETRY_DELAYS_MINUTES[index] * 60_000;
}
