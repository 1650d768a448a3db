/*
 * The SLA report: of the tickets opened in a date range (in the ISP's time zone), how many met and how many
 * breached their first-response and resolution targets, by priority, by agent (the assignee) and by month.
 * Targets still running are not counted either way. Counted in SQL; CSV through papaparse.
 */
import Papa from "papaparse";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/lib/auth/schema";
import { tenantLocale } from "@/lib/tenants/queries";
import type { DbOrTx } from "@/lib/db/types";
import { tickets, ticketPriorities, type TicketPriority } from "./schema";
import { priorityLabels } from "./rules";
import { zonedInstant } from "@/lib/core/time-zones";
import { firstResponseBreachedSql, firstResponseMetSql, resolutionBreachedSql, resolutionMetSql } from "./sla-sql";
import { clock } from "@/lib/core/clock";

const MAX_DAYS = 731;
export const reportRangeSchema = z
  .object({ from: z.iso.date("A date like 2026-01-01"), to: z.iso.date("A date like 2026-06-30") })
  .refine((r) => r.to >= r.from, { path: ["to"], message: "On or after the start date" })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= MAX_DAYS * 86_400_000, { path: ["to"], message: "At most two years" });
export type ReportRange = z.output<typeof reportRangeSchema>;

/** From the first day of the month five months ago to today: six calendar months. */
export function defaultReportRange(today: string): ReportRange {
  const [y, m] = today.split("-").map(Number);
  const start = new Date(Date.UTC(y, m - 1 - 5, 1)).toISOString().slice(0, 10);
  return { from: start, to: today };
}

export type SlaFigures = {
  key: string;
  label: string;
  tickets: number;
  firstResponseMet: number;
  firstResponseBreached: number;
  resolutionMet: number;
  resolutionBreached: number;
};

/** Percentage of decided targets that were met (one decimal), or null when none is decided yet. */
export const metPercent = (met: number, breached: number) => (met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10);

export async function slaReport(db: DbOrTx, { tenantId, range, now = clock.now() }: { tenantId: string; range: ReportRange; now?: Date }) {
  const { timeZone: tz } = await tenantLocale(db, { tenantId });
  const start = new Date(zonedInstant(range.from, 0, tz));
  const end = new Date(zonedInstant(range.to, 1440, tz));
  const figures = {
    tickets: sql<number>`count(*)::int`,
    firstResponseMet: sql<number>`(count(*) filter (where ${firstResponseMetSql(now)}))::int`,
    firstResponseBreached: sql<number>`(count(*) filter (where ${firstResponseBreachedSql(now)}))::int`,
    resolutionMet: sql<number>`(count(*) filter (where ${resolutionMetSql(now)}))::int`,
    resolutionBreached: sql<number>`(count(*) filter (where ${resolutionBreachedSql(now)}))::int`,
  };
  const where = and(
    eq(tickets.tenantId, tenantId),
    sql`${tickets.createdAt} >= ${start.toISOString()}::timestamptz`,
    sql`${tickets.createdAt} < ${end.toISOString()}::timestamptz`,
  );
  const grouped = (key: SQL<string | null>) =>
    db
      .select({ key, ...figures })
      .from(tickets)
      .where(where)
      // By position: the key's parameters would otherwise make it a different expression to Postgres.
      .groupBy(sql`1`);
  const agentName = sql<string | null>`coalesce(${users.name}, '')`;
  const [byPriority, byAgent, byMonth] = await Promise.all([
    grouped(sql<string>`${tickets.priority}`),
    db
      .select({ key: sql<string | null>`${tickets.assigneeId}`, name: agentName, ...figures })
      .from(tickets)
      .leftJoin(users, eq(users.id, tickets.assigneeId))
      .where(where)
      .groupBy(tickets.assigneeId, users.name),
    grouped(sql<string>`to_char(${tickets.createdAt} at time zone ${tz}, 'YYYY-MM')`),
  ]);
  const clean = (row: Omit<SlaFigures, "label" | "key">) => ({
    tickets: Number(row.tickets),
    firstResponseMet: Number(row.firstResponseMet),
    firstResponseBreached: Number(row.firstResponseBreached),
    resolutionMet: Number(row.resolutionMet),
    resolutionBreached: Number(row.resolutionBreached),
  });
  const monthLabel = new Intl.DateTimeFormat("en-PH", { month: "short", year: "numeric", timeZone: "UTC" });
  const priorityOrder = [...ticketPriorities].reverse();
  return {
    range,
    byPriority: byPriority
      .map((r) => ({ key: r.key ?? "", label: priorityLabels[r.key as TicketPriority], ...clean(r) }))
      .sort((a, b) => priorityOrder.indexOf(a.key as TicketPriority) - priorityOrder.indexOf(b.key as TicketPriority)),
    byAgent: byAgent
      .map((r) => ({ key: r.key ?? "unassigned", label: r.key ? r.name || "Former staff member" : "Unassigned", ...clean(r) }))
      .sort((a, b) => (a.key === "unassigned" ? 1 : b.key === "unassigned" ? -1 : a.label.localeCompare(b.label))),
    byMonth: byMonth
      .map((r) => ({ key: r.key ?? "", label: monthLabel.format(new Date(`${r.key}-01T00:00:00Z`)), ...clean(r) }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

export type SlaReport = Awaited<ReturnType<typeof slaReport>>;

const csvFields = [
  "Group",
  "Name",
  "Tickets",
  "First response met",
  "First response breached",
  "First response met %",
  "Resolution met",
  "Resolution breached",
  "Resolution met %",
];

/** One CSV with a group column: every priority, agent and month row with its counts and percentages. */
export function slaReportCsv(report: SlaReport): string {
  const sections = [
    ["Priority", report.byPriority],
    ["Agent", report.byAgent],
    ["Month", report.byMonth],
  ] as const;
  const data = sections.flatMap(([section, list]) =>
    list.map((r) => [
      section,
      r.label,
      r.tickets,
      r.firstResponseMet,
      r.firstResponseBreached,
      metPercent(r.firstResponseMet, r.firstResponseBreached) ?? "",
      r.resolutionMet,
      r.resolutionBreached,
      metPercent(r.resolutionMet, r.resolutionBreached) ?? "",
    ]),
  );
  // A name starting with = + - @ would run as a formula in a spreadsheet: escape it.
  return Papa.unparse({ fields: csvFields, data }, { escapeFormulae: true });
}
