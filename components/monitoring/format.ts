/** Axis labels in Mbps: `0`, `0.5`, `12`, `1,250`. */
export function formatMbpsTick(bitsPerSecond: number): string {
  const mbps = bitsPerSecond / 1e6;
  return mbps.toLocaleString("en", { maximumFractionDigits: mbps < 1 ? 2 : mbps < 10 ? 1 : 0 });
}

/** A rate for reading aloud or a table: `4.8 Mbps`, `320 kbps`. */
export function formatRate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1e9) return `${(bitsPerSecond / 1e9).toFixed(2)} Gbps`;
  if (bitsPerSecond >= 1e6) return `${(bitsPerSecond / 1e6).toFixed(bitsPerSecond >= 1e8 ? 0 : 1)} Mbps`;
  if (bitsPerSecond >= 1e3) return `${Math.round(bitsPerSecond / 1e3)} kbps`;
  return `${Math.round(bitsPerSecond)} bps`;
}

/** Where a graph reads from: one interface of the router, or one subscription's session. */
export type TrafficSource = { interface: string } | { subscription: string };

export function sourceQuery(source: TrafficSource): string {
  return "interface" in source ? `interface=${encodeURIComponent(source.interface)}` : `subscription=${encodeURIComponent(source.subscription)}`;
}

/** rx/tx as the router sees them; for a subscriber rx is their upload and tx their download. */
export function directionLabels(source: TrafficSource): { rx: string; tx: string } {
  return "interface" in source ? { rx: "Received (rx)", tx: "Sent (tx)" } : { rx: "Upload", tx: "Download" };
}
