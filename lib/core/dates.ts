/** Date and time in the ISP's time zone, e.g. "Nov 25, 2026, 5:07 PM": the one format staff see everywhere. */
export function formatDateTime(date: Date, timeZone = "Asia/Manila"): string {
  return new Intl.DateTimeFormat("en-PH", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

const calendarDay = new Intl.DateTimeFormat("en-PH", { dateStyle: "medium", timeZone: "UTC" });

/** A calendar date (`2026-11-26`, no time zone) as staff read it: "Nov 26, 2026". */
export function formatCalendarDate(date: string): string {
  const [year, month, day] = date.split("-").map(Number);
  return calendarDay.format(new Date(Date.UTC(year, month - 1, day)));
}
