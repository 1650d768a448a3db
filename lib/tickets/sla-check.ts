/*
 * The SLA checker (job `check-sla`, every minute): for each open ticket whose clock runs, a warning when a
 * target enters its policy's warning window and an alert when it is missed, each sent once (the key goes into
 * `sla_notices` in the same statement that checks it is not there yet, so overlapping runs cannot both send).
 * A missed target is also flagged as breached. Alerts go to the assignee, or to the ISP's admins and owner
 * when nobody is assigned.
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { users } from "@/lib/auth/schema";
import { formatDateTime } from "@/lib/core/dates";
import type { Db, Tx } from "@/lib/db/types";
import { tickets, type Ticket } from "./schema";
import { formatMinutes, type SlaTarget } from "./sla";
import { loadSlaSetup, type SlaSetup } from "./sla-settings";
import { ticketSla } from "./queries";
import { isOpenSql } from "./sla-sql";
import { flushTicketNotices, sendTicketNotice, ticketNoticeData } from "./notify";

type Target = "first_response" | "resolution";
const targetLabels: Record<Target, string> = { first_response: "first response", resolution: "resolution" };

const notYet = (key: string) => sql`not (${key} = any(${tickets.slaNotices}))`;

/** Records a notice key once; true only for the run that recorded it. */
async function claimNotice(tx: Tx, ticket: Ticket, key: string, breach: Target | null) {
  const flag = breach === "first_response" ? { firstResponseBreached: true } : breach === "resolution" ? { resolutionBreached: true } : {};
  const claimed = await tx
    .update(tickets)
    .set({ slaNotices: sql`array_append(${tickets.slaNotices}, ${key})`, ...flag })
    .where(and(eq(tickets.tenantId, ticket.tenantId), eq(tickets.id, ticket.id), notYet(key)))
    .returning({ id: tickets.id });
  return claimed.length > 0;
}

async function recipientsOf(tx: Tx, ticket: Ticket): Promise<string[]> {
  if (ticket.assigneeId) {
    const [assignee] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, ticket.tenantId), eq(users.id, ticket.assigneeId), eq(users.active, true)));
    if (assignee) return [assignee.id];
  }
  const managers = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, ticket.tenantId), eq(users.active, true), inArray(users.role, ["owner", "admin"])));
  return managers.map((m) => m.id);
}

/** The notice due for one target now, if any: a breach alert beats a warning that was never sent. */
function dueNotice(ticket: Ticket, target: Target, state: SlaTarget): { key: string; breach: boolean } | null {
  const has = (kind: string) => ticket.slaNotices.includes(`${target}:${kind}`);
  if (state.status === "breached" && !has("breach")) return { key: `${target}:breach`, breach: true };
  if (state.status === "at_risk" && !has("warning") && !has("breach")) return { key: `${target}:warning`, breach: false };
  return null;
}

export async function checkSla(db: Db, { now, tenantId, signal }: { now: Date; tenantId?: string; signal?: AbortSignal }) {
  const candidates = await db
    .select()
    .from(tickets)
    .where(
      and(
        tenantId ? eq(tickets.tenantId, tenantId) : undefined,
        isOpenSql,
        isNull(tickets.pausedAt),
        or(
          and(isNull(tickets.firstRespondedAt), isNotNull(tickets.firstResponseDueAt), notYet("first_response:breach")),
          and(isNotNull(tickets.resolutionDueAt), notYet("resolution:breach")),
        ),
      ),
    )
    .orderBy(asc(tickets.tenantId), asc(tickets.resolutionDueAt))
    .limit(10_000);
  const setups = new Map<string, SlaSetup>();
  const summary = { checked: candidates.length, warnings: 0, breaches: 0 };
  let sent = false;
  for (const ticket of candidates) {
    if (signal?.aborted) break;
    let setup = setups.get(ticket.tenantId);
    if (!setup) setups.set(ticket.tenantId, (setup = await loadSlaSetup(db, { tenantId: ticket.tenantId })));
    const state = ticketSla(ticket, setup, now);
    const notices = (["first_response", "resolution"] as const)
      .map((target) => ({ target, state: state[target === "first_response" ? "firstResponse" : "resolution"] }))
      .map(({ target, state: s }) => ({ target, state: s, notice: dueNotice(ticket, target, s) }))
      .filter((n) => n.notice !== null);
    if (notices.length === 0) continue;
    const timeZone = setup.calendar.timeZone;
    await db.transaction(async (tx) => {
      for (const { target, state: s, notice } of notices) {
        if (!notice || !(await claimNotice(tx, ticket, notice.key, notice.breach ? target : null))) continue;
        if (notice.breach) summary.breaches += 1;
        else summary.warnings += 1;
        const data = {
          ...ticketNoticeData(ticket, "staff"),
          target: targetLabels[target],
          priority: ticket.priority,
          dueAt: s.dueAt ? formatDateTime(s.dueAt, timeZone) : null,
          remaining: s.remainingMinutes !== null && s.remainingMinutes > 0 ? formatMinutes(s.remainingMinutes) : null,
        };
        for (const userId of await recipientsOf(tx, ticket)) {
          await sendTicketNotice(tx, {
            tenantId: ticket.tenantId,
            event: notice.breach ? "sla_breach" : "sla_warning",
            userId,
            data,
            dedupeKey: `sla:${ticket.id}:${notice.key}:${userId}`,
          });
          sent = true;
        }
      }
    });
  }
  if (sent) flushTicketNotices(db);
  return summary;
}
