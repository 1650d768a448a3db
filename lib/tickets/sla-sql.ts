/*
 * The SLA rules of sla.ts as SQL, for lists, counts and the report: a target is breached when it was done at or
 * after its due instant, or is still not done at its due instant (the clock stops while waiting on the customer),
 * or the checker flagged it. "At risk" is what the checker found within a policy's warning window.
 */
import { sql, type SQL } from "drizzle-orm";
import { tickets } from "./schema";
import { openStatuses } from "./rules";

const at = (now: Date) => sql`${now.toISOString()}::timestamptz`;
const finishedAt = sql`coalesce(${tickets.resolvedAt}, ${tickets.closedAt})`;
const respondedAt = sql`coalesce(${tickets.firstRespondedAt}, ${finishedAt})`;

export const isOpenSql = sql`${tickets.status} in (${sql.join(
  openStatuses.map((s) => sql`${s}`),
  sql`, `,
)})`;

export const firstResponseBreachedSql = (now: Date): SQL<boolean> =>
  sql<boolean>`(${tickets.firstResponseBreached} or coalesce(${tickets.firstResponseDueAt} <= coalesce(${respondedAt}, ${tickets.pausedAt}, ${at(now)}), false))`;

export const resolutionBreachedSql = (now: Date): SQL<boolean> =>
  sql<boolean>`(${tickets.resolutionBreached} or coalesce(${tickets.resolutionDueAt} <= coalesce(${finishedAt}, ${tickets.pausedAt}, ${at(now)}), false))`;

export const breachedSql = (now: Date): SQL<boolean> => sql<boolean>`(${firstResponseBreachedSql(now)} or ${resolutionBreachedSql(now)})`;

/** Met: done before the due instant and never flagged. */
export const firstResponseMetSql = (now: Date): SQL<boolean> =>
  sql<boolean>`(${respondedAt} is not null and ${tickets.firstResponseDueAt} is not null and not ${firstResponseBreachedSql(now)})`;
export const resolutionMetSql = (now: Date): SQL<boolean> =>
  sql<boolean>`(${finishedAt} is not null and ${tickets.resolutionDueAt} is not null and not ${resolutionBreachedSql(now)})`;

export const atRiskSql = (now: Date): SQL<boolean> =>
  sql<boolean>`(${isOpenSql} and ${tickets.pausedAt} is null and not ${breachedSql(now)} and (
    (${respondedAt} is null and 'first_response:warning' = any(${tickets.slaNotices})) or 'resolution:warning' = any(${tickets.slaNotices})))`;

/** The earliest due time still running, for ordering open tickets by urgency. */
export const nextDueSql = sql<Date | null>`case when ${isOpenSql} then least(
  case when ${respondedAt} is null then ${tickets.firstResponseDueAt} end, ${tickets.resolutionDueAt}) end`;
