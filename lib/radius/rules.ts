/*
 * RADIUS mode's pure rules: the per-router settings staff fill in, and the RouterOS commands that make a router a NAS
 * of ours (ROUTEROS.md: RADIUS) — shown as a script to paste and applied through the API by the reconciler.
 */
import { z } from "zod";

export const radiusSettingsSchema = z.object({
  routerId: z.string().uuid(),
  /** The address the router's RADIUS packets come from: its `src-address` (a tunnel address, or its own public one). */
  nasAddress: z.string().trim().pipe(z.ipv4("Enter the IPv4 address the router sends RADIUS from, e.g. 10.99.0.2.")),
  coaPort: z.coerce
    .number()
    .int("Enter a whole number.")
    .min(1, "Enter a port from 1 to 65535.")
    .max(65535, "Enter a port from 1 to 65535.")
    .default(3799),
  interimSeconds: z.coerce
    .number()
    .int("Enter a whole number of seconds.")
    .min(60, "Interim updates every 60 s to 1 hour.")
    .max(3600, "Interim updates every 60 s to 1 hour.")
    .default(300),
  requireMessageAuth: z.preprocess((value) => value === true || value === "on" || value === "true", z.boolean()).default(true),
});
export type RadiusSettings = z.output<typeof radiusSettingsSchema>;

/** A shared secret RouterOS and FreeRADIUS both take: 32 letters and digits (no quoting trouble in either). */
export function newSharedSecret(random: (bytes: number) => Buffer): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  return [...random(32)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

export type RouterRadiusConfig = {
  server: { address: string; authPort: number; acctPort: number };
  secret: string;
  nasAddress: string;
  coaPort: number;
  interimSeconds: number;
  requireMessageAuth: boolean;
  /** The comment that marks our `/radius` entry (provisioning's marker), so an ISP's own entries are never touched. */
  comment: string;
};

const interim = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`);

/** The `/radius` entry we want on the router, as API properties. */
export function radiusEntryProps(config: RouterRadiusConfig, version: 6 | 7): Record<string, string> {
  return {
    service: "ppp,hotspot",
    address: config.server.address,
    secret: config.secret,
    "authentication-port": String(config.server.authPort),
    "accounting-port": String(config.server.acctPort),
    "src-address": config.nasAddress,
    timeout: "1s",
    ...(version === 7 ? { "require-message-auth": config.requireMessageAuth ? "yes-for-request-resp" : "no" } : {}),
    comment: config.comment,
  };
}

/**
 * The commands as staff paste them into the router's terminal. `secret` may be a placeholder ("<secret>") where the
 * page shows the script before the secret is revealed. RouterOS 6 has no require-message-auth (upgrade for BlastRADIUS).
 */
export function routerRadiusScript(config: RouterRadiusConfig, version: 6 | 7): string {
  const entry = radiusEntryProps(config, version);
  const quoted = Object.entries(entry)
    .map(([key, value]) => `${key}=${/^[\w.,:/-]+$/.test(value) ? value : JSON.stringify(value)}`)
    .join(" ");
  return [
    `# NetSphere RADIUS: subscribers log in through ${config.server.address}; accounting every ${interim(config.interimSeconds)}.`,
    `/radius add ${quoted}`,
    `/ppp aaa set use-radius=yes accounting=yes interim-update=${interim(config.interimSeconds)}`,
    `/ip hotspot profile set [find] use-radius=yes`,
    `/radius incoming set accept=yes port=${config.coaPort}`,
    `# Let only the RADIUS server send CoA and Disconnect requests to this router.`,
    `/ip firewall filter add chain=input protocol=udp dst-port=${config.coaPort} src-address=${config.server.address} action=accept comment="netsphere: RADIUS CoA"`,
    `/ip firewall filter add chain=input protocol=udp dst-port=${config.coaPort} action=drop comment="netsphere: RADIUS CoA from elsewhere"`,
  ].join("\n");
}

/** What `newSharedSecret` makes: 32 characters of its alphabet (no 0/O, 1/l/I). */
export const SHARED_SECRET_PATTERN = /^[A-HJ-NP-Za-km-z2-9]{32}$/;
