/*
 * The value types of RouterOS properties (ROUTEROS.md §3–4) as pure checkers: each takes the written
 * value and the router's tables and returns the value as the router stores it, or undefined when the
 * router refuses it. menu-types.ts assigns one to every writable property of every simulated menu.
 */
import { parseDuration, parseRate } from "../values";
import { tableOf, type RouterState } from "./router-state";

export type PropertyType = {
  /** What the type accepts, for tests and docs. */
  readonly label: string;
  /** The stored form of `value`, or undefined when the router refuses it. */
  accept(value: string, state: RouterState): string | undefined;
};

const type = (label: string, accept: PropertyType["accept"]): PropertyType => ({ label, accept });
const test = (pattern: RegExp) => (value: string) => (pattern.test(value) ? value : undefined);
const orEmpty = (inner: PropertyType): PropertyType =>
  type(`${inner.label} or empty`, (value, state) => (value === "" ? "" : inner.accept(value, state)));

/** Any bytes (comments, passwords, scripts). */
export const text = type("text", (value) => value);

/** Names: not empty. */
export const name = type("name", test(/^.+$/s));

/** Flags print as true/false and accept yes/no too (ROUTEROS.md §3). */
export const flag = type("true/false/yes/no", (value) => ({ true: "true", yes: "true", false: "false", no: "false" })[value]);

/** yes/no enums print as yes/no and accept true/false too; some add `default`. */
export function yesNo(...extra: string[]): PropertyType {
  return type(["yes", "no", ...extra].join("/"), (value) => ({ yes: "yes", true: "yes", no: "no", false: "no" })[value] ?? (extra.includes(value) ? value : undefined));
}

export function oneOf(...values: string[]): PropertyType {
  return type(values.join("|"), (value) => (values.includes(value) ? value : undefined));
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
const isIpv4 = (value: string) => new RegExp(`^${IPV4}$`).test(value);
const isPrefix = (value: string) => new RegExp(`^${IPV4}(?:/(?:3[0-2]|[12]?\\d))?$`).test(value);
const isRange = (value: string) => new RegExp(`^${IPV4}-${IPV4}$`).test(value) || isPrefix(value);
const isHostname = (value: string) => /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(value);

export const ipAddress = type("IPv4 address", test(new RegExp(`^${IPV4}$`)));
export const ipPrefix = type("IPv4 address or prefix", (value) => (isPrefix(value) ? value : undefined));
export const ipList = type("comma list of IPv4 addresses", (value) => (value.split(",").every(isIpv4) ? value : undefined));
export const prefixList = type("comma list of IPv4 prefixes", (value) => (value.split(",").every(isPrefix) ? value : undefined));
export const poolRanges = type("comma list of address ranges", (value) => (value.split(",").every(isRange) ? value : undefined));
/** Address-list entries: an address, range, prefix or a DNS name (which the router resolves). */
export const listAddress = type("address, range, prefix or DNS name", (value) => (isRange(value) || isHostname(value) ? value : undefined));
export const macAddress = type("MAC address", (value) => (/^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i.test(value) ? value.toUpperCase() : undefined));

export function integer(min: number, max: number, ...words: string[]): PropertyType {
  return type(`integer ${min}..${max}${words.map((word) => `|${word}`).join("")}`, (value) => {
    if (words.includes(value)) return value;
    if (!/^\d+$/.test(value)) return undefined;
    const number = Number(value);
    return number >= min && number <= max ? String(number) : undefined;
  });
}

/** Byte counts (`limit-bytes-in`): a 64-bit decimal. */
export const byteCount = type("byte count", (value) => (/^\d{1,20}$/.test(value) && BigInt(value) < 2n ** 64n ? BigInt(value).toString() : undefined));

function isDuration(value: string, allowNone: boolean): boolean {
  if (value === "none") return allowNone;
  try {
    return value !== "" && parseDuration(value) !== null;
  } catch {
    return false;
  }
}

/** `1d2h`, `00:05:00`, `30` (seconds), `453us`. */
export const duration = type("duration", (value) => (isDuration(value, false) ? value : undefined));
export const durationOrNone = type("duration or none", (value) => (isDuration(value, true) ? value : undefined));

function isRate(value: string): boolean {
  try {
    parseRate(value);
    return true;
  } catch {
    return false;
  }
}

/** A single rate, stored as bits per second (`10M` → `10000000`): queue tree limits. */
export const rate = type("rate", (value) => (isRate(value) ? String(parseRate(value)) : undefined));

/** `upload/download` or one value for both, stored as plain numbers (ROUTEROS.md §3): simple queue limits. */
export const ratePair = type("rate or rate/rate", (value) => {
  const parts = value.split("/");
  if (parts.length > 2 || !parts.every(isRate)) return undefined;
  const [upload, download = upload] = parts.map(parseRate);
  return `${upload}/${download}`;
});

const pairOf = (check: (part: string) => boolean) => (field: string) => {
  const parts = field.split("/");
  return parts.length <= 2 && parts.every(check);
};
const isPriority = (value: string) => /^[1-8]$/.test(value);

/**
 * PPP and hotspot `rate-limit`, echoed as written (ROUTEROS.md §4):
 * `rx[/tx] [rx-burst[/tx-burst] [rx-threshold[/tx-threshold] [rx-time[/tx-time] [priority] [rx-min[/tx-min]]]]]`.
 */
export const rateLimit = type("rate-limit", (value) => {
  if (value === "") return "";
  const fields = value.split(" ");
  const checks = [pairOf(isRate), pairOf(isRate), pairOf(isRate), pairOf((part) => isDuration(part, false)), isPriority, pairOf(isRate)];
  return fields.length <= checks.length && fields.every((field, index) => checks[index](field)) ? value : undefined;
});

export const priorityPair = type("priority 1..8 or pair", (value) => {
  const parts = value.split("/");
  if (parts.length > 2 || !parts.every(isPriority)) return undefined;
  return `${parts[0]}/${parts[1] ?? parts[0]}`;
});
export const durationPair = type("duration or pair", (value) => {
  const parts = value.split("/");
  return parts.length <= 2 && parts.every((part) => isDuration(part, false)) ? `${parts[0]}/${parts[1] ?? parts[0]}` : undefined;
});

/** The router's built-in queue types (`/queue/type`), the only ones the simulator has. */
export const builtInQueueTypes = [
  "default",
  "default-small",
  "ethernet-default",
  "wireless-default",
  "synchronous-default",
  "hotspot-default",
  "pcq-upload-default",
  "pcq-download-default",
  "only-hardware-queue",
  "multi-queue-ethernet-default",
];
export const queueType = oneOf(...builtInQueueTypes);
export const queueTypePair = type("queue type or pair", (value) => {
  const parts = value.split("/");
  return parts.length <= 2 && parts.every((part) => builtInQueueTypes.includes(part)) ? `${parts[0]}/${parts[1] ?? parts[0]}` : undefined;
});

const hasName = (state: RouterState, menu: string, value: string) => tableOf(state, menu).some((row) => row.props.name === value);

/** The `name` of a row in another menu, or one of `words` (`none`, `all`, `first`…). */
export function reference(menus: string[], ...words: string[]): PropertyType {
  return type(`name in ${menus.join(" or ")}${words.map((word) => ` or ${word}`).join("")}`, (value, state) =>
    words.includes(value) || menus.some((menu) => hasName(state, menu, value)) ? value : undefined,
  );
}

/** A PPP profile's `local-address`/`remote-address`: an IP or an /ip/pool name; empty leaves it to the peer. */
export const addressOrPool = orEmpty(type("IPv4 address or pool name", (value, state) => (isIpv4(value) || hasName(state, "ip/pool", value) ? value : undefined)));

/** Simple queue `target`/`dst`: a comma list of addresses or prefixes (stored with `/32`) and interface names. */
export const queueTarget = type("addresses, prefixes or interface names", (value, state) => {
  const parts = value.split(",");
  if (!parts.every((part) => isPrefix(part) || hasName(state, "interface", part))) return undefined;
  return parts.map((part) => (isIpv4(part) ? `${part}/32` : part)).join(",");
});

export { orEmpty };
