import { formatDateTime } from "@/lib/core/dates";
import type { SessionInfo } from "@/lib/auth/staff-sessions";
import type { SessionRow } from "@/components/account/session-list";

/** "Chrome on Windows" from a user-agent string: enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrome\/|CriOS\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : /node|undici|curl|python|axios/i.test(ua)
              ? "Script or API client"
              : "Browser";
  const system = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad|iPod/.test(ua)
        ? "iOS"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  return system ? `${browser} on ${system}` : browser;
}

/** Better Auth masks IPv6 addresses to their /64 network; a masked loopback reads as all zeros. */
export function formatIp(ip: string | null): string | null {
  if (!ip) return null;
  if (/^[0:]+$/.test(ip) || ip === "::1" || ip === "127.0.0.1") return "this computer (localhost)";
  return ip.replace(/(^|:)0{1,3}(?=[0-9a-f])/gi, "$1");
}

/** A session as the session list shows it, times in the ISP's time zone. */
export function toSessionRow(s: SessionInfo, timeZone: string): SessionRow {
  return {
    id: s.id,
    device: describeDevice(s.userAgent),
    userAgent: s.userAgent,
    ipAddress: formatIp(s.ipAddress),
    createdAt: formatDateTime(s.createdAt, timeZone),
    expiresAt: formatDateTime(s.expiresAt, timeZone),
    current: s.current,
  };
}
