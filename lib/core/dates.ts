/** Date and time in the ISP's time zone, e.g. "Nov 25, 2026, 5:07 PM": the one format staff see everywhere. */
export function formatDateTime(date: Date, timeZone = "Asia/Manila"): string {
  return new Intl.DateTimeFormat("en-PH", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}
