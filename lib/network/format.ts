/** Display helpers for router values (decimal strings on the wire); anything unreadable is shown as it came. */

const units = (value: number, steps: readonly string[], base: number) => {
  let index = 0;
  while (Math.abs(value) >= base && index < steps.length - 1) {
    value /= base;
    index += 1;
  }
  return `${index === 0 ? value : value.toFixed(value < 10 ? 2 : 1)} ${steps[index]}`;
};

/** `1234567` → `1.18 MiB`; byte counters are binary-prefixed like Winbox shows them. */
export function formatBytes(text: string | number | undefined): string {
  if (text === undefined || text === "") return "—";
  const value = Number(text);
  if (!Number.isFinite(value)) return String(text);
  return units(value, ["B", "KiB", "MiB", "GiB", "TiB"], 1024);
}

/** `12500000` → `12.5 Mbps`; rates use decimal prefixes like RouterOS. */
export function formatBitsPerSecond(text: string | number | undefined): string {
  if (text === undefined || text === "") return "—";
  const value = Number(text);
  if (!Number.isFinite(value)) return String(text);
  return units(value, ["bps", "kbps", "Mbps", "Gbps"], 1000);
}

/** A queue `rate` (`up/down` or a single value, bits per second), each side formatted. */
export function formatRatePair(text: string | undefined): string {
  if (!text) return "—";
  return text.split("/").map(formatBitsPerSecond).join(" / ");
}

/** A queue `max-limit`/`limit-at` (`up/down` or single); 0 means no limit. */
export function formatLimit(text: string | undefined): string {
  if (!text) return "—";
  return text
    .split("/")
    .map((part) => (part === "0" ? "unlimited" : formatBitsPerSecond(part)))
    .join(" / ");
}

/** RouterOS `true`/`false` flags as words. */
export const yesNo = (text: string | undefined) =>
  text === "true" || text === "yes" ? "yes" : text === "false" || text === "no" ? "no" : (text ?? "—");
