/*
 * Secrets in the RADIUS tables: a subscriber's password and a NAS's shared secret, which FreeRADIUS itself must read.
 * They are stored AES-256-CBC encrypted (base64 of IV ‖ ciphertext) under the RADIUS key, a key derived from
 * ENCRYPTION_SECRET that only FreeRADIUS's configuration holds besides the app (`npm run radius:config` writes it
 * there); FreeRADIUS decrypts in its own SQL with pgcrypto's `decrypt_iv` (`decryptSql`). The database alone never
 * holds them in the clear, as with every other secret of ours (lib/core/crypto.ts).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/core/env";

const keys = new Map<string, Buffer>();

/** The RADIUS key: 32 bytes from ENCRYPTION_SECRET, for the RADIUS tables only. */
export function radiusKey(secret = env().ENCRYPTION_SECRET!): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "netsphere", "radius-v1", 32));
    keys.set(secret, key);
  }
  return key;
}

export function encryptForRadius(plain: string, key = radiusKey()): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(plain, "utf8"), cipher.final()]).toString("base64");
}

export function decryptForRadius(stored: string, key = radiusKey()): string {
  const bytes = Buffer.from(stored, "base64");
  const decipher = createDecipheriv("aes-256-cbc", key, bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString("utf8");
}

/**
 * The SQL FreeRADIUS runs to read an encrypted column (pgcrypto in the `radius` schema, see radius:setup): the same
 * AES-256-CBC with PKCS#7 padding as `encryptForRadius`.
 */
export function decryptSql(column: string, key: Buffer): string {
  const bytes = `decode(${column}, 'base64')`;
  return `convert_from(radius.decrypt_iv(substring(${bytes} from 17), ${keySql(key)}, substring(${bytes} from 1 for 16), 'aes-cbc/pad:pkcs'), 'UTF8')`;
}

/** The RADIUS key as a SQL bytea literal (radius.authorize_check decrypts the same way as `decryptSql`). */
export function keySql(key: Buffer): string {
  return `decode('${key.toString("hex")}', 'hex')`;
}
