/*
 * One POST to a messaging provider, with the outcome sorted the way the outbox needs it: a 2xx reply is
 * returned; 429, 5xx, a timeout or no connection is worth retrying; any other 4xx is permanent and carries
 * the provider's own message. Errors never include the URL (a Telegram URL holds the bot token) or keys.
 */
import "server-only";
import { OutboundError, outboundFetch } from "@/lib/core/outbound";

export class ChannelError extends Error {
  readonly retryable: boolean;
  constructor(message: string, { retryable }: { retryable: boolean }) {
    super(message.length > 500 ? `${message.slice(0, 497)}…` : message);
    this.name = "ChannelError";
    this.retryable = retryable;
  }
}

export const PROVIDER_TIMEOUT_MS = 15_000;

/** The base URL as configured, without trailing slashes, so paths can be appended. */
export const trimBase = (value: string) => value.trim().replace(/\/+$/, "");

type Body = { json: unknown } | { form: Record<string, string> };

/** Provider replies are short JSON; anything longer is not a provider's answer. */
const MAX_REPLY_BYTES = 256 * 1024;

/**
 * Why the request never got an answer, as a ChannelError: a refused address (a base URL on a private network)
 * or a redirect will not change by retrying; no connection, a timeout or an oversized answer might.
 */
function unanswered(what: string, error: unknown): ChannelError {
  if (!(error instanceof OutboundError)) return new ChannelError(`${what} could not be reached.`, { retryable: true });
  if (error.reason === "refused" || error.reason === "redirect")
    return new ChannelError(`${what} was not called: ${error.message}`, { retryable: false });
  return new ChannelError(`${what} could not be reached: ${error.message}`, { retryable: true });
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function firstText(value: unknown, depth = 0): string | null {
  if (typeof value === "string" && value.trim()) return value.trim();
  if (depth > 3 || !value || typeof value !== "object") return null;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const found = firstText(item, depth + 1);
    if (found) return found;
  }
  return null;
}

/** The human part of a provider's error reply: Telegram's `description`, Graph's `error.message`, or the first text. */
export function providerMessage(body: unknown): string | null {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    for (const key of ["description", "error_description", "message", "error", "errors", "detail"]) {
      const found = firstText(b[key]);
      if (found) return found;
    }
  }
  return firstText(body);
}

/** POSTs and returns the parsed 2xx reply (the raw text when it is not JSON); throws ChannelError otherwise. */
export async function postToProvider(
  url: string,
  body: Body,
  { what, headers = {} }: { what: string; headers?: Record<string, string> },
): Promise<unknown> {
  const init: RequestInit =
    "json" in body
      ? { headers: { ...headers, "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body.json) }
      : {
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams(body.form),
        };
  let response: Response;
  try {
    // The tenant typed this URL: the outbound rules keep it off the server itself and private networks.
    response = await outboundFetch(
      url,
      { ...init, method: "POST", redirect: "error" },
      { timeoutMs: PROVIDER_TIMEOUT_MS, maxBytes: MAX_REPLY_BYTES },
    );
  } catch (error) {
    throw unanswered(what, error);
  }
  const text = await response.text().catch(() => "");
  const parsed = parseJson(text);
  if (response.ok) return parsed ?? text;
  const detail = providerMessage(parsed) ?? (text.trim().slice(0, 200) || response.statusText || "no details");
  throw new ChannelError(`${what} answered ${response.status}: ${detail}`, { retryable: response.status === 429 || response.status >= 500 });
}

/** A provider's message id from a reply (as a string), or a permanent error saying the reply was not understood. */
export function messageIdOf(reply: unknown, pick: (reply: Record<string, unknown>) => unknown, what: string): string {
  const id = reply && typeof reply === "object" ? pick(reply as Record<string, unknown>) : undefined;
  if (typeof id === "string" && id) return id;
  if (typeof id === "number") return String(id);
  throw new ChannelError(`${what} did not confirm the message: ${providerMessage(reply) ?? "no message id in its answer"}`, { retryable: false });
}
