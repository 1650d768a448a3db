/* Words for what a rule saw, used in incident titles, timelines and messages. Pure. */
import type { AlertKind } from "./values";

const round = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/** "Tower-2 unreachable", "Tower-2: CPU load 97%", "Tower-2 ether2 down". */
/** `routerName` is the site's name for a site-wide kind. */
export function describeCondition(kind: AlertKind, routerName: string, label: string, value: number | null): string {
  const v = value === null ? "" : round(value);
  switch (kind) {
    case "router_unreachable":
      return `${routerName} unreachable`;
    case "tunnel_down":
      return `${routerName}: WireGuard tunnel down, last handshake ${v} min ago`;
    case "cpu_high":
      return `${routerName}: CPU load ${v}%`;
    case "memory_high":
      return `${routerName}: memory ${v}% used`;
    case "temperature_high":
      return `${routerName}: temperature ${v} °C`;
    case "voltage_low":
      return `${routerName}: voltage ${v} V`;
    case "interface_down":
      return `${routerName} ${label} down`;
    case "interface_flapping":
      return `${routerName} ${label} went down ${v} times`;
    case "link_utilisation":
      return `${routerName} ${label} at ${v}% of capacity`;
    case "sessions_drop":
      return `${routerName}: PPPoE sessions dropped to ${v}`;
    case "site_sessions_drop":
      return `${routerName}: PPPoE sessions across the site dropped to ${v}`;
    case "subscriber_flapping":
      return `${label} reconnected ${v} times on ${routerName}`;
    case "anomaly_interface":
      return `${routerName} ${label}: traffic out of its usual band (${v}σ)`;
    case "anomaly_router":
      return `${routerName}: ${label} out of its usual band (${v}σ)`;
    case "anomaly_subscription":
      return `${label} on ${routerName}: upload far above their history (${v}σ)`;
  }
}

export const formatIncidentNumber = (n: number) => `INC-${n}`;

/** The incident number a search names: "INC-42", "inc 42", "#42" or "42"; null for anything else. */
export function parseIncidentNumber(text: string): number | null {
  const match = /^(?:inc[-\s]?|#)?0*(\d{1,9})$/i.exec(text.trim());
  return match ? Number(match[1]) : null;
}
