import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/core/env";

/*
 * Secrets at rest (router and PPPoE passwords, gateway keys): AES-256-GCM.
 * Envelope: "v1:<iv>:<tag>:<ciphertext>" (base64url). The version names the key, so a new
 * ENCRYPTION_SECRET can be introduced as v2 while v1 envelopes still decrypt.
 */
const CURRENT_VERSION = "v1";

/** Derived keys by version and secret: HKDF once, not per secret (a reconcile decrypts thousands). */
const derivedKeys = new Map<string, Buffer>();

function keyFor(version: string, secret = env().ENCRYPTION_SECRET!) {
  if (version !== CURRENT_VERSION) throw new Error(`Unknown key version ${version}`);
  const cacheKey = `${version}:${secret}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "netsphere", `secrets-${version}`, 32));
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

export function encryptSecret(plain: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(CURRENT_VERSION, secret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [CURRENT_VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(":");
}

/**
 * A stored secret this process cannot open: it was written with another ENCRYPTION_SECRET (a worker or seed
 * started with a different one). It is our configuration, not the router or gateway it belongs to, so callers
 * report it as such and never record it as the device's failure.
 */
export class SecretKeyMismatchError extends Error {
  constructor() {
    super(
      "A stored secret was encrypted with a different ENCRYPTION_SECRET than this process has. Start the app, the workers and db:seed with the same ENCRYPTION_SECRET.",
    );
    this.name = "SecretKeyMismatchError";
  }
}

/** The mismatch error, whether thrown directly or carried as the cause of a wrapping error. */
export function secretKeyMismatchIn(error: unknown): SecretKeyMismatchError | null {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof SecretKeyMismatchError) return current;
  }
  return null;
}

export function decryptSecret(envelope: string, secret?: string): string {
  const [version, iv, tag, data] = envelope.split(":");
  if (!version || !iv || !tag || data === undefined) throw new Error("Malformed secret envelope");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(version, secret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const body = decipher.update(Buffer.from(data, "base64url"));
  try {
    return Buffer.concat([body, decipher.final()]).toString("utf8");
  } catch {
    // GCM's tag check is the only thing that fails here: the key differs (or the envelope was altered).
    throw new SecretKeyMismatchError();
  }
}

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** A random token for links (invites, resets): URL-safe, 32 bytes. Store only its sha256. */
export const randomToken = () => randomBytes(32).toString("base64url");

const PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** A service password for PPPoE/hotspot accounts: no look-alike characters, typed by subscribers. */
export function generateServicePassword(length = 10): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join("");
}
