/*
 * What the simulated router works out for WireGuard as RouterOS does: an interface's public key from its private key
 * (X25519), a new private key when `add` gives none, and an address's network from its prefix.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";

/** PKCS#8 DER header of an X25519 private key; the 32 raw bytes follow. */
const PKCS8_X25519 = Buffer.from("302e020100300506032b656e04220420", "hex");

export function wireguardPublicKeyOf(privateKey: string): string {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, Buffer.from(privateKey, "base64")]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  return spki.subarray(spki.length - 32).toString("base64");
}

export function newWireguardPrivateKey(): string {
  const der = generateKeyPairSync("x25519").privateKey.export({ format: "der", type: "pkcs8" });
  return der.subarray(der.length - 32).toString("base64");
}

/** `10.99.0.2/24` → `10.99.0.0` (a bare address is a /32). */
export function networkOf(address: string): string {
  const [ip, length = "32"] = address.split("/");
  const value = ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const bits = Number(length);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const network = (value & mask) >>> 0;
  return [24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join(".");
}
