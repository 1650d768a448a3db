/*
 * The alert vocabulary shared by rules, the evaluator, the pages and the client: no Drizzle, no zod here.
 */

/** What a rule watches. Each kind names the object it fires on (a router, an interface, a subscription, a site). */
export const alertKinds = [
  "router_unreachable",
  "tunnel_down",
  "cpu_high",
  "memory_high",
  "temperature_high",
  "voltage_low",
  "interface_down",
  "interface_flapping",
  "link_utilisation",
  "sessions_drop",
  "site_sessions_drop",
  "subscriber_flapping",
  "anomaly_interface",
  "anomaly_router",
  "anomaly_subscription",
] as const;
export type AlertKind = (typeof alertKinds)[number];

/** Kinds judged over a whole site (every router of it) by the site job, not by one router's poll. */
export const siteAlertKinds: readonly AlertKind[] = ["site_sessions_drop"];
export const isSiteKind = (kind: AlertKind) => siteAlertKinds.includes(kind);

/**
 * Kinds fired by an open anomaly (found by analytics' `anomaly-detect` job) on an interface, a router or a
 * subscriber: the threshold is the least severity that counts (how many spreads from the usual level; none = any).
 * Anomalies tell nobody by themselves: only such a rule turns one into an incident.
 */
export const anomalyAlertKinds = ["anomaly_interface", "anomaly_router", "anomaly_subscription"] as const satisfies readonly AlertKind[];
export type AnomalyAlertKind = (typeof anomalyAlertKinds)[number];
export const isAnomalyKind = (kind: AlertKind): kind is AnomalyAlertKind => (anomalyAlertKinds as readonly AlertKind[]).includes(kind);

export const alertKindLabels: Record<AlertKind, string> = {
  router_unreachable: "Router unreachable",
  tunnel_down: "WireGuard tunnel down (no handshake with the hub)",
  cpu_high: "CPU load high",
  memory_high: "Memory use high",
  temperature_high: "Temperature high",
  voltage_low: "Voltage low",
  interface_down: "Interface down",
  interface_flapping: "Interface flapping",
  link_utilisation: "Link utilisation high",
  sessions_drop: "PPPoE sessions dropped (mass disconnect)",
  site_sessions_drop: "PPPoE sessions dropped across a site",
  subscriber_flapping: "Subscriber reconnecting repeatedly",
  anomaly_interface: "Anomaly on an interface (traffic out of its usual band)",
  anomaly_router: "Anomaly on a router (CPU or sessions out of band)",
  anomaly_subscription: "Anomaly on a subscriber (upload far above their history)",
};

/** The unit of a rule's threshold, as shown next to its field. */
export const thresholdUnits: Record<AlertKind, string | null> = {
  router_unreachable: null,
  tunnel_down: "minutes without a handshake",
  cpu_high: "%",
  memory_high: "% used",
  temperature_high: "°C",
  voltage_low: "V",
  interface_down: null,
  interface_flapping: "changes",
  link_utilisation: "% of capacity",
  sessions_drop: "% of sessions",
  site_sessions_drop: "% of sessions",
  subscriber_flapping: "reconnects",
  anomaly_interface: "σ (least severity)",
  anomaly_router: "σ (least severity)",
  anomaly_subscription: "σ (least severity)",
};

export const alertSeverities = ["critical", "major", "minor", "warning"] as const;
export type AlertSeverity = (typeof alertSeverities)[number];
export const severityLabels: Record<AlertSeverity, string> = { critical: "Critical", major: "Major", minor: "Minor", warning: "Warning" };

/** An object's state under one rule: no row at all means ok. */
export const alertStates = ["pending", "firing", "recovering"] as const;
export type AlertState = (typeof alertStates)[number];

export const incidentStatuses = ["open", "acknowledged", "resolved"] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];
export const incidentStatusLabels: Record<IncidentStatus, string> = { open: "Open", acknowledged: "Acknowledged", resolved: "Resolved" };

export const incidentObjectTypes = ["router", "interface", "subscription", "site"] as const;
export type IncidentObjectType = (typeof incidentObjectTypes)[number];

export const incidentEventKinds = [
  "opened",
  "fired",
  "cleared",
  "flapping",
  "acknowledged",
  "assigned",
  "comment",
  "notified",
  "escalated",
  "outage_notice",
  "all_clear",
  "ticket_linked",
  "silenced",
  "resolved",
  "reopened",
] as const;
export type IncidentEventKind = (typeof incidentEventKinds)[number];
