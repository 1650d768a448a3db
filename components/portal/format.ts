/** A plan or measured speed in the unit people use: "50 Mbps", "512 kbps". */
export function formatSpeed(kbps: number): string {
  if (kbps >= 1000) return `${(kbps / 1000).toLocaleString("en-PH", { maximumFractionDigits: kbps >= 100_000 ? 0 : 1 })} Mbps`;
  return `${kbps.toLocaleString("en-PH")} kbps`;
}

export const subscriptionStatusLabels: Record<string, string> = {
  pending: "Being set up",
  active: "Active",
  suspended: "Suspended",
  terminated: "Ended",
};
