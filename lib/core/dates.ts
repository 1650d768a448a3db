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

/** A span in the largest unit that reads well: "40 s", "12 min", "3 h 5 min", "2 days". */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}
