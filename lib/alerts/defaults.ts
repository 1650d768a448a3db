/* The rules every ISP starts with: sensible thresholds and delays, all editable. */
import type { AlertKind, AlertSeverity } from "./values";

export type DefaultRule = {
  kind: AlertKind;
  name: string;
  severity: AlertSeverity;
  threshold: number | null;
  minCount?: number;
  windowSeconds: number;
  fireAfterSeconds: number;
  clearAfterSeconds: number;
  flapChanges: number;
  enabled?: boolean;
  escalateAfterMinutes?: number | null;
};

export const defaultRules: DefaultRule[] = [
  // Two missed polls before anyone is woken; back after a minute of answers.
  { kind: "router_unreachable", name: "Router unreachable", severity: "critical", threshold: null, windowSeconds: 900, fireAfterSeconds: 60, clearAfterSeconds: 60, flapChanges: 6, escalateAfterMinutes: 15 },
  // Handshakes come every two minutes while the tunnel is up: three minutes without one is a tunnel down.
  { kind: "tunnel_down", name: "WireGuard tunnel down (3 min without a handshake)", severity: "critical", threshold: 3, windowSeconds: 900, fireAfterSeconds: 60, clearAfterSeconds: 60, flapChanges: 6, escalateAfterMinutes: 15 },
  { kind: "cpu_high", name: "CPU above 90%", severity: "minor", threshold: 90, windowSeconds: 900, fireAfterSeconds: 300, clearAfterSeconds: 300, flapChanges: 0 },
  { kind: "memory_high", name: "Memory above 90% used", severity: "minor", threshold: 90, windowSeconds: 900, fireAfterSeconds: 300, clearAfterSeconds: 300, flapChanges: 0 },
  { kind: "temperature_high", name: "Temperature above 75 °C", severity: "major", threshold: 75, windowSeconds: 900, fireAfterSeconds: 120, clearAfterSeconds: 300, flapChanges: 0 },
  { kind: "voltage_low", name: "Voltage below 11 V", severity: "major", threshold: 11, windowSeconds: 900, fireAfterSeconds: 60, clearAfterSeconds: 300, flapChanges: 0 },
  { kind: "interface_down", name: "Interface down", severity: "major", threshold: null, windowSeconds: 900, fireAfterSeconds: 30, clearAfterSeconds: 60, flapChanges: 6 },
  { kind: "interface_flapping", name: "Interface flapping (3 link-downs in 10 min)", severity: "minor", threshold: 3, windowSeconds: 600, fireAfterSeconds: 0, clearAfterSeconds: 600, flapChanges: 0 },
  { kind: "link_utilisation", name: "Link above 85% for 10 minutes", severity: "minor", threshold: 85, windowSeconds: 900, fireAfterSeconds: 600, clearAfterSeconds: 300, flapChanges: 0 },
  { kind: "sessions_drop", name: "Mass disconnect (30% and 10+ sessions in 5 min)", severity: "critical", threshold: 30, minCount: 10, windowSeconds: 300, fireAfterSeconds: 0, clearAfterSeconds: 120, flapChanges: 0, escalateAfterMinutes: 15 },
  // A fibre cut upstream of a site: each router loses a few, the site loses many, and every router still answers.
  { kind: "site_sessions_drop", name: "Site mass disconnect (25% and 20+ sessions in 5 min)", severity: "critical", threshold: 25, minCount: 20, windowSeconds: 300, fireAfterSeconds: 0, clearAfterSeconds: 120, flapChanges: 0, escalateAfterMinutes: 15 },
  { kind: "subscriber_flapping", name: "Subscriber reconnecting (5 drops in 30 min)", severity: "warning", threshold: 5, windowSeconds: 1800, fireAfterSeconds: 0, clearAfterSeconds: 1800, flapChanges: 0, enabled: false },
];
