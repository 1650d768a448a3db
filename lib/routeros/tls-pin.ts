/*
 * Certificate pinning for api-ssl and REST (ROUTEROS.md §2: routers mostly carry self-signed
 * certificates, so a CA check proves nothing). With a pinned SHA-256 fingerprint the CA check is
 * replaced by an exact comparison, made after the handshake and before a single byte (credentials
 * included) is written. Without a pin the caller's tlsOptions decide, and the fingerprint the router
 * showed is reported so the app can pin it on first use.
 */
import type tls from "node:tls";
import { RouterOsCertificateError } from "./errors";

/** `ab:cd…`, `ABCD…` or `AB:CD…` → `AB:CD:…` (the form of Node's `fingerprint256`); throws on anything that isn't 32 hex bytes. */
export function normaliseFingerprint(text: string): string {
  const hex = text.replace(/[:\s]/g, "").toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) throw new RangeError(`not a SHA-256 fingerprint: ${JSON.stringify(text)}`);
  return hex.match(/../g)!.join(":");
}

/** TLS options for a connection: a pin turns off the CA check, since the comparison below is stricter. */
export function pinnedTlsOptions(options: tls.ConnectionOptions | undefined, fingerprint: string | undefined): tls.ConnectionOptions {
  if (fingerprint === undefined) return { ...options };
  normaliseFingerprint(fingerprint);
  return { ...options, rejectUnauthorized: false };
}

/** The peer's fingerprint, and the pin error when it doesn't match; call it on `secureConnect`. */
export function checkPeerCertificate(socket: tls.TLSSocket, pinned: string | undefined): { fingerprint: string; error?: RouterOsCertificateError } {
  const fingerprint = socket.getPeerCertificate()?.fingerprint256 ?? "";
  if (pinned === undefined) return { fingerprint };
  const expected = normaliseFingerprint(pinned);
  return fingerprint === expected ? { fingerprint } : { fingerprint, error: new RouterOsCertificateError(expected, fingerprint) };
}
