/** Volumes in decimal units, as ISPs sell plans and caps: `950 MB`, `12.4 GB`, `1.25 TB`. */
export function formatVolume(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let index = 0;
  while (Math.abs(value) >= 1000 && index < units.length - 1) {
    value /= 1000;
    index += 1;
  }
  return `${index === 0 ? value : value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[index]}`;
}

/** `12.5 %`, or a dash when there is nothing to divide by. */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0)) return "—";
  const percent = (part / whole) * 100;
  return `${percent.toLocaleString("en", { maximumFractionDigits: percent < 10 ? 1 : 0 })} %`;
}

/** A page's query string from its parameters, defaults and empty values left out. */
export function queryOf(params: Record<string, string | number | undefined | null>, defaults: Record<string, string | number> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || defaults[key] === value) continue;
    search.set(key, String(value));
  }
  return search.size ? `?${search}` : "";
}
