/*
 * The diagnostics allowlist: the only commands the technician proxy (`/api/routers/[id]/diagnostics`)
 * forwards to a router. Each entry names the permission it needs, parses its arguments with zod and makes
 * one fixed RouterOS call; there is no way to send an arbitrary command path or attribute.
 */
import { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import type { RouterOsApi, RouterOsRow } from "@/lib/routeros/api";
import { formatBitsPerSecond, formatBytes, yesNo } from "@/lib/network/format";
import { kickSession, kickTargetSchema, listActiveSessions, sessionServices, type SessionService } from "@/lib/network/sessions";
import { diagnosticCommandLabels as labels, type DiagnosticCommandName } from "@/lib/network/values";

export type { DiagnosticCommandName };

export type DiagnosticColumn = { key: string; label: string; align?: "right" };

/** What every command returns: a table the panel renders as is. */
export type DiagnosticOutput = {
  columns: DiagnosticColumn[];
  rows: Record<string, string>[];
  summary?: string;
  /** Rows are live sessions of this service and carry `id` and `name` for the kick button. */
  kickable?: SessionService;
};

/** What the proxy answers: the output plus which command ran and when. */
export type DiagnosticResult = DiagnosticOutput & { command: string; ranAt: string };

type DiagnosticEntry<S extends z.ZodType> = {
  label: string;
  permission: Permission;
  args: S;
  run: (client: RouterOsApi, args: z.output<S>) => Promise<DiagnosticOutput>;
};

const entry = <S extends z.ZodType>(definition: DiagnosticEntry<S>) => definition;

/** Sessions listed at most; a busy NAS has thousands, and search narrows them. */
export const SESSION_LIST_LIMIT = 500;

const interfaceName = z
  .string()
  .trim()
  .min(1, "Choose an interface")
  .max(64, "Interface name is too long")
  .regex(/^[^\u0000-\u001f]+$/, "Interface name has control characters");

const noArgs = z.object({}).default({});

export const diagnosticCommands = {
  ping: entry({
    label: labels.ping,
    permission: "network:diagnose",
    args: z.object({
      address: z.ipv4({ message: "Enter an IPv4 address like 10.0.0.1" }),
      count: z.coerce
        .number({ message: "Count must be a number" })
        .int("Count must be a whole number")
        .min(1, "Count must be 1–10")
        .max(10, "Count must be 1–10")
        .default(4),
    }),
    run: async (client, { address, count }) => {
      // One reply per second, so the deadline grows with the count.
      const { rows } = await client.write("/ping", { address, count: String(count) }, [], { timeoutMs: count * 1000 + 5000 });
      const last = rows.at(-1) ?? {};
      return {
        columns: [
          { key: "seq", label: "Seq", align: "right" },
          { key: "host", label: "Host" },
          { key: "time", label: "Time", align: "right" },
          { key: "ttl", label: "TTL", align: "right" },
          { key: "size", label: "Size", align: "right" },
        ],
        rows: rows.map((row) => ({
          seq: row.seq ?? "",
          host: row.host ?? address,
          time: row.time ?? row.status ?? "timeout",
          ttl: row.ttl ?? "—",
          size: row.size ?? "—",
        })),
        summary: `${last.sent ?? rows.length} sent, ${last.received ?? "?"} received, ${last["packet-loss"] ?? "?"}% loss${last["avg-rtt"] ? `, average ${last["avg-rtt"]}` : ""}`,
      };
    },
  }),
  "active-sessions": entry({
    label: labels["active-sessions"],
    permission: "network:diagnose",
    args: z.object({
      service: z.enum(sessionServices, { message: "Choose PPPoE or hotspot" }),
      search: z.string().trim().max(64, "Search is too long").default(""),
    }),
    run: async (client, { service, search }) => {
      const sessions = await listActiveSessions(client, { service, search });
      const shown = sessions.slice(0, SESSION_LIST_LIMIT);
      return {
        columns: [
          { key: "name", label: service === "ppp" ? "Account" : "User" },
          { key: "address", label: "Address" },
          { key: "macAddress", label: "MAC" },
          { key: "uptime", label: "Uptime", align: "right" },
        ],
        rows: shown.map((s) => ({ id: s.id, name: s.name, address: s.address, macAddress: s.macAddress, uptime: s.uptime })),
        summary: `${sessions.length} ${sessions.length === 1 ? "session" : "sessions"}${search ? ` matching “${search}”` : ""}${sessions.length > shown.length ? `, first ${shown.length} shown` : ""}`,
        kickable: service,
      };
    },
  }),
  interfaces: entry({
    label: labels.interfaces,
    permission: "network:diagnose",
    args: noArgs,
    run: async (client) => {
      const { rows } = await client.write("/interface/print", { ".proplist": "name,type,running,disabled,dynamic,rx-byte,tx-byte,link-downs" });
      // Each PPPoE session adds a dynamic interface; those belong to the sessions list, not here.
      const fixed = rows.filter((row) => row.dynamic !== "true");
      return {
        columns: [
          { key: "name", label: "Name" },
          { key: "type", label: "Type" },
          { key: "running", label: "Running" },
          { key: "disabled", label: "Disabled" },
          { key: "rx", label: "Received", align: "right" },
          { key: "tx", label: "Sent", align: "right" },
        ],
        rows: fixed.map((row) => ({
          name: row.name ?? "",
          type: row.type ?? "",
          running: yesNo(row.running),
          disabled: yesNo(row.disabled),
          rx: formatBytes(row["rx-byte"]),
          tx: formatBytes(row["tx-byte"]),
        })),
        summary: rows.length > fixed.length ? `${rows.length - fixed.length} dynamic session interfaces not shown` : undefined,
      };
    },
  }),
  monitor: entry({
    label: labels.monitor,
    permission: "network:diagnose",
    args: z.object({ interface: interfaceName }),
    run: async (client, args) => {
      // `once` makes monitor-traffic answer a single sample and finish instead of streaming.
      const { rows } = await client.write("/interface/monitor-traffic", { interface: args.interface, once: "" });
      return {
        columns: [
          { key: "name", label: "Interface" },
          { key: "rx", label: "Receiving", align: "right" },
          { key: "tx", label: "Sending", align: "right" },
          { key: "rxPackets", label: "Packets in/s", align: "right" },
          { key: "txPackets", label: "Packets out/s", align: "right" },
        ],
        rows: rows.map((row: RouterOsRow) => ({
          name: row.name ?? args.interface,
          rx: formatBitsPerSecond(row["rx-bits-per-second"]),
          tx: formatBitsPerSecond(row["tx-bits-per-second"]),
          rxPackets: row["rx-packets-per-second"] ?? "—",
          txPackets: row["tx-packets-per-second"] ?? "—",
        })),
      };
    },
  }),
  resource: entry({
    label: labels.resource,
    permission: "network:diagnose",
    args: noArgs,
    run: async (client) => {
      const { rows } = await client.write("/system/resource/print");
      const r = rows[0] ?? {};
      const pairs: [string, string][] = [
        ["Uptime", r.uptime ?? "—"],
        ["RouterOS", r.version ?? "—"],
        ["Board", r["board-name"] ?? "—"],
        ["Architecture", r["architecture-name"] ?? "—"],
        ["CPU", `${r.cpu ?? "—"} × ${r["cpu-count"] ?? "?"}`],
        ["CPU load", r["cpu-load"] !== undefined ? `${r["cpu-load"]}%` : "—"],
        ["Free memory", `${formatBytes(r["free-memory"])} of ${formatBytes(r["total-memory"])}`],
        ["Free storage", `${formatBytes(r["free-hdd-space"])} of ${formatBytes(r["total-hdd-space"])}`],
      ];
      return {
        columns: [
          { key: "property", label: "Property" },
          { key: "value", label: "Value" },
        ],
        rows: pairs.map(([property, value]) => ({ property, value })),
      };
    },
  }),
  kick: entry({
    label: labels.kick,
    permission: "network:kick",
    args: kickTargetSchema,
    run: async (client, target) => {
      const { removed, alreadyGone } = await kickSession(client, target);
      return {
        columns: [{ key: "outcome", label: "Outcome" }],
        rows: [{ outcome: alreadyGone ? `${target.name} had already disconnected.` : `${target.name} disconnected (${removed}).` }],
      };
    },
  }),
} as const satisfies Record<DiagnosticCommandName, unknown>;

export const diagnosticCommandNames = Object.keys(diagnosticCommands) as DiagnosticCommandName[];

/** The allowlist entry for a name typed by a client, or undefined (never a prototype key like `constructor`). */
export function diagnosticCommand(name: string) {
  return Object.hasOwn(diagnosticCommands, name) ? diagnosticCommands[name as DiagnosticCommandName] : undefined;
}
