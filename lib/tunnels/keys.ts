/*
 * WireGuard keys: X25519, written as WireGuard writes them (32 raw bytes in standard base64, as `wg genkey` and
 * `wg pubkey` print them). Node's crypto does the curve; only the key's wrapping (PKCS#8 / SPKI) is ours.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";

export type WireguardKeyPair = { privateKey: string; publicKey: string };

/** RFC 8410's PKCS#8 prefix of an X25519 private key: the 32 raw bytes follow it. */
const PKCS8_X25519 = Buffer.from("302e020100300506032b656e04220420", "hex");

/** A key as 32 bytes, or null when it is not a WireGuard key (base64 of 32 bytes). */
export function keyBytes(key: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(key)) return null;
  return Buffer.from(key, "base64");
}

/** The public key of a private key, as `wg pubkey` answers it. */
export function wireguardPublicKey(privateKey: string): string {
  const raw = keyBytes(privateKey);
  if (!raw) throw new Error("Not a WireGuard private key (base64 of 32 bytes).");
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, raw]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  return spki.subarray(spki.length - 32).toString("base64");
}

/** A new key pair; the private key clamped as `wg genkey` clamps it (the public key is the same either way). */
export function newWireguardKeyPair(): WireguardKeyPair {
  const der = generateKeyPairSync("x25519").privateKey.export({ format: "der", type: "pkcs8" });
  const raw = Buffer.from(der.subarray(der.length - 32));
  raw[0] &= 248;
  raw[31] = (raw[31] & 127) | 64;
  const privateKey = raw.toString("base64");
  return { privateKey, publicKey: wireguardPublicKey(privateKey) };
}
