/*
 * Checks for the API base URLs a tenant may override (payment gateways, SMS and chat providers), shared by
 * the browser forms and the server. Pure: no network, no environment.
 */

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Why an API base URL override is refused, or null when it is fine: https anywhere, plain http only to
 * this machine (a local fake in tests). Credentials in the URL would be stored in clear, so they are refused.
 * `hostOnly` refuses a path (for APIs whose client appends absolute paths); `example` is shown when the
 * value is not a URL at all.
 */
export function apiBaseUrlProblem(value: string, { hostOnly = false, example = "https://api.example.com" } = {}): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Enter a full URL, e.g. ${example}`;
  }
  if (url.protocol === "http:") {
    if (!LOOPBACK_HOSTS.has(url.hostname)) return "Use https:// (plain http:// only for 127.0.0.1 or localhost)";
  } else if (url.protocol !== "https:") {
    return "Use an https:// URL";
  }
  if (url.username || url.password) return "Leave user names and passwords out of the URL";
  if (url.search || url.hash) return "Leave out the ? query and # fragment";
  if (hostOnly && url.pathname !== "/") return `Give only the scheme, host and port, e.g. ${example}`;
  return null;
}

/** A base URL as stored: no trailing slash, so paths can be appended. */
export const normalizeBaseUrl = (value: string) => value.replace(/\/+$/, "");
