/** What the diagnostics panel shows without zod or the RouterOS calls: diagnostics.ts builds its allowlist on these names and labels. */
export const diagnosticCommandLabels = {
  ping: "Ping",
  "active-sessions": "Active sessions",
  interfaces: "Interfaces",
  monitor: "Monitor traffic",
  resource: "System resources",
  kick: "Kick session",
} as const;
export type DiagnosticCommandName = keyof typeof diagnosticCommandLabels;
