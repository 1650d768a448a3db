/*
 * Standard Webhooks signing (https://www.standardwebhooks.com), pure: a secret is `whsec_` and the base64 of random
 * bytes; each message carries `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature`, which is
 * `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` keyed with the secret's decoded bytes. While a rotated-out
 * secret is still valid, the header holds two signatures separated by a space, the new one first, so a receiver
 * verifies with whichever of the two it has.
 */
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";
/** Random bytes in a new secret (what Svix and the reference libraries make). */
const SECRET_BYTES = 24;

/** A new signing secret, shown to the ISP once. */
export function generateWebhookSecret(): string {
  return `${PREFIX}${randomBytes(SECRET_BYTES).toString("base64")}`;
}

/** The key bytes of a `whsec_…` secret. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error("A webhook secret starts with whsec_");
  const key = Buffer.from(secret.slice(PREFIX.length), "base64");
  if (key.length < SECRET_BYTES) throw new Error("A webhook secret holds at least 24 bytes");
  return key;
}

/** `v1,<signature>` of one message with one secret. */
export function signMessage({ id, timestamp, body, secret }: { id: string; timestamp: number; body: string; secret: string }): string {
  const mac = createHmac("sha256", secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The message id of a delivery: the same on every attempt, so a receiver can drop repeats. */
export const messageId = (deliveryId: string) => `msg_${deliveryId}`;

/**
 * The three signature headers of one attempt. `secrets` are the current secret, then the previous one while it is
 * still valid.
 */
export function signatureHeaders({ deliveryId, timestamp, body, secrets }: { deliveryId: string; timestamp: number; body: string; secrets: string[] }) {
  if (secrets.length === 0) throw new Error("A webhook is signed with at least one secret");
  const id = messageId(deliveryId);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((secret) => signMessage({ id, timestamp, body, secret })).join(" "),
  };
}
