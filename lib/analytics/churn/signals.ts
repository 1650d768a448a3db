/*
 * The churn signals of an ISP's subscribers as of an instant, in one statement (read-only, as analytics reads
 * traffic joined to other rooms' tables): dunning's overdue events (billing), daily traffic rollups (monitoring),
 * sessions the routers reported (ipam's address history), tickets and their SLA flags (tickets), and from the audit
 * log the suspensions for non-payment and reactivations (subscriptions records each) and plan changes to a cheaper
 * plan (billing records them with the plans' names). Only
 * events before the instant count, so the bench can score a past day and look at what happened after. A
 * subscriber with a service running that day is read when at least one signal is there; the rest score zero.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { localDate } from "@/lib/core/time-zones";
import { withHeavyReadSettings } from "@/lib/monitoring/heavy-reads";
import { NORMAL_SESSIONS, type ChurnSignals } from "./score";

const DAY = 86_400_000;

/** The action the audit log records a retention check-in under. */
export const OUTREACH_ACTION = "customer.retention_outreach";

export type SubscriberSignals = {
  customerId: string;
  name: string;
  accountNumber: string;
  usernames: string[];
  planNames: string[];
  lastOutreachAt: Date | null;
  signals: ChurnSignals;
};

type Row = {
  id: string;
  name: string;
  account_number: string;
  usernames: string[];
  plan_names: string[];
  late: number | null;
  suspensions: number | null;
  last_state: string | null;
  recent: string | number | null;
  previous: string | number | null;
  sessions: number | null;
  open_tickets: number | null;
  breaches: number | null;
  downgrades: number | null;
  last_outreach: string | Date | null;
};

/** Subscribers of the tenant with any churn signal as of `asOf` (an instant; its day in `timeZone` decides who has service). */
export async function churnSignals(
  db: DbOrTx,
  { tenantId, asOf, timeZone, customerId }: { tenantId: string; asOf: Date; timeZone: string; customerId?: string },
): Promise<SubscriberSignals[]> {
  const at = asOf.toISOString();
  const day = localDate(asOf, timeZone);
  const ago = (days: number) => new Date(asOf.getTime() - days * DAY).toISOString();
  const oneCustomer = customerId ? sql` and c.id = ${customerId}` : sql``;
  const result = await withHeavyReadSettings(db, (tx) =>
    tx.execute(sql`
      with subs as (
        select s.customer_id, array_agg(s.id::text order by s.username) as ids, array_agg(s.username order by s.username) as usernames,
          array_agg(p.name order by s.username) as plan_names
        from subscriptions s join service_plans p on p.id = s.plan_id
        where s.tenant_id = ${tenantId} and s.status <> 'pending' and s.start_date <= ${day}::date
          and (s.end_date is null or s.end_date > ${day}::date)
        group by s.customer_id
      ),
      dunning as (
        select d.customer_id,
          count(distinct d.invoice_id)::int as late
        from dunning_events d
        where d.tenant_id = ${tenantId} and d.kind = 'overdue'
          and d.created_at >= ${ago(180)}::timestamptz and d.created_at < ${at}::timestamptz
        group by d.customer_id
      ),
      usage as (
        select s.customer_id,
          sum(t.rx_bytes + t.tx_bytes) filter (where t.bucket >= ${ago(30)}::timestamptz) as recent,
          sum(t.rx_bytes + t.tx_bytes) filter (where t.bucket < ${ago(30)}::timestamptz) as previous
        from traffic_points t join subscriptions s on s.id::text = t.subject and s.tenant_id = ${tenantId}
        where t.tenant_id = ${tenantId} and t.resolution = '1d' and t.subject_type = 'subscription'
          and t.bucket >= ${ago(60)}::timestamptz and t.bucket < ${at}::timestamptz
        group by s.customer_id
      ),
      sessions as (
        select s.customer_id, count(*)::int as sessions
        from address_sessions a join subscriptions s on s.tenant_id = ${tenantId} and s.username = a.username and s.router_id = a.router_id
        where a.tenant_id = ${tenantId} and a.source in ('ppp', 'hotspot')
          and a.started_at >= ${ago(30)}::timestamptz and a.started_at < ${at}::timestamptz
        group by s.customer_id
      ),
      ticket_signals as (
        select k.customer_id,
          count(*) filter (where (k.resolved_at is null or k.resolved_at > ${at}::timestamptz)
            and (k.closed_at is null or k.closed_at > ${at}::timestamptz))::int as open_tickets,
          count(*) filter (where k.created_at >= ${ago(90)}::timestamptz
            and (k.first_response_breached or k.resolution_breached))::int as breaches
        from tickets k
        where k.tenant_id = ${tenantId} and k.customer_id is not null and k.created_at < ${at}::timestamptz
        group by k.customer_id
      ),
      audit as (
        select a.customer_id,
          count(*) filter (where a.action = 'subscription.plan_changed' and a.created_at >= ${ago(180)}::timestamptz and a.created_at < ${at}::timestamptz
            and (select price_centavos from service_plans where tenant_id = ${tenantId} and name = a.after->>'plan')
              < (select price_centavos from service_plans where tenant_id = ${tenantId} and name = a.before->>'plan'))::int as downgrades,
          count(*) filter (where a.action = 'subscription.suspended' and a.after->>'source' = 'nonpayment'
            and a.created_at >= ${ago(180)}::timestamptz and a.created_at < ${at}::timestamptz)::int as suspensions,
          (array_agg(a.action order by a.created_at desc) filter (where a.created_at < ${at}::timestamptz
            and (a.action = 'subscription.reactivated' or (a.action = 'subscription.suspended' and a.after->>'source' = 'nonpayment'))))[1] as last_state,
          max(coalesce((a.after->>'at')::timestamptz, a.created_at)) filter (where a.action = ${OUTREACH_ACTION}) as last_outreach
        from audit_log a
        where a.tenant_id = ${tenantId} and a.customer_id is not null
          and a.action in ('subscription.plan_changed', 'subscription.suspended', 'subscription.reactivated', ${OUTREACH_ACTION})
        group by a.customer_id
      )
      select c.id, c.name, c.account_number, subs.usernames, subs.plan_names,
        dunning.late, audit.suspensions, audit.last_state, usage.recent, usage.previous, sessions.sessions,
        ticket_signals.open_tickets, ticket_signals.breaches, audit.downgrades, audit.last_outreach
      from customers c
      join subs on subs.customer_id = c.id
      left join dunning on dunning.customer_id = c.id
      left join usage on usage.customer_id = c.id
      left join sessions on sessions.customer_id = c.id
      left join ticket_signals on ticket_signals.customer_id = c.id
      left join audit on audit.customer_id = c.id
      where c.tenant_id = ${tenantId}${oneCustomer}
        and (coalesce(dunning.late, 0) > 0 or coalesce(audit.suspensions, 0) > 0 or audit.last_state = 'subscription.suspended'
          or (usage.previous >= 1e9 and usage.recent < 0.7 * usage.previous)
          or coalesce(sessions.sessions, 0) > ${NORMAL_SESSIONS}
          or coalesce(ticket_signals.open_tickets, 0) > 0 or coalesce(ticket_signals.breaches, 0) > 0
          or coalesce(audit.downgrades, 0) > 0)
      order by c.name, c.id`),
  );
  return rowsOf<Row>(result).map((row) => ({
    customerId: row.id,
    name: row.name,
    accountNumber: row.account_number,
    usernames: row.usernames,
    planNames: row.plan_names,
    lastOutreachAt: row.last_outreach ? new Date(row.last_outreach) : null,
    signals: {
      latePayments: row.late ?? 0,
      suspensions: row.suspensions ?? 0,
      suspendedNow: row.last_state === "subscription.suspended",
      usageRecent: row.recent === null ? null : Number(row.recent),
      usagePrevious: row.previous === null ? null : Number(row.previous),
      sessions: row.sessions ?? 0,
      openTickets: row.open_tickets ?? 0,
      slaBreaches: row.breaches ?? 0,
      downgrades: row.downgrades ?? 0,
    },
  }));
}
