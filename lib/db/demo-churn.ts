/*
 * The demo ISP's churn history, so the at-risk list has something to show and bench/churn.ts something to measure:
 * the signals that came before each former subscriber left, and before each subscriber now suspended for not paying,
 * plus the same signals at a lower rate among those who stayed (a late payment, a usage dip, a reconnect burst, a
 * downgrade), as a real history has. Written after the billing history (lib/billing/demo.ts), whose invoices the
 * overdue events name, and after the traffic (lib/monitoring/demo.ts), whose daily rows it extends back to 180 days.
 * Deterministic for a seed and relative to the clock.
 *
 * Not every leaver is warned (a quarter leave without a signal: they moved house), and the signals come 30 to 120
 * days before the end, so a score on a past day sees some of them and misses others.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";
import { auditLog } from "@/lib/audit/schema";
import { dunningEvents } from "@/lib/billing/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { addressSessions } from "@/lib/ipam/schema";

const DAY = 86_400_000;
/** Days of daily usage the history reaches back. */
const USAGE_DAYS = 180;

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

type Sub = {
  id: string;
  customer_id: string;
  username: string;
  router_id: string | null;
  status: string;
  suspension_source: string | null;
  suspended_at: string | Date | null;
  start_date: string;
  end_date: string | null;
  plan_name: string;
  price: string | number;
  download_kbps: number;
};
type Invoice = { id: string; customer_id: string; due_date: string; status: string };

const dayStart = (date: string) => Date.parse(`${date}T00:00:00Z`);

export async function seedDemoChurnHistory(db: Db, { tenantId, seed = 19 }: { tenantId: string; seed?: number }): Promise<void> {
  const random = rng(seed);
  const chance = (p: number) => random() < p;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const now = clock.ms();
  const today = Math.floor(now / DAY) * DAY;
  const subs = rowsOf<Sub>(
    await db.execute(sql`
      select s.id, s.customer_id, s.username, s.router_id, s.status, s.suspension_source, s.suspended_at, s.start_date::text,
        s.end_date::text, p.name as plan_name, p.price_centavos as price, p.download_kbps
      from subscriptions s join service_plans p on p.id = s.plan_id
      where s.tenant_id = ${tenantId} order by s.username`),
  );
  const plans = rowsOf<{ name: string; price: string | number }>(
    await db.execute(sql`select name, price_centavos as price from service_plans where tenant_id = ${tenantId} order by price_centavos`),
  );
  const invoices = rowsOf<Invoice>(
    await db.execute(sql`select id, customer_id, due_date::text, status from invoices where tenant_id = ${tenantId} order by due_date`),
  );
  // Each subscriber's usual day, from the month the traffic seed wrote: the older history continues it.
  const recent = rowsOf<{ subject: string; bytes: string | number }>(
    await db.execute(sql`select subject, avg(rx_bytes + tx_bytes) as bytes from traffic_points
      where tenant_id = ${tenantId} and resolution = '1d' and subject_type = 'subscription' group by subject`),
  );
  const usualDay = new Map(recent.map((row) => [row.subject, Number(row.bytes)]));
  const invoicesOf = new Map<string, Invoice[]>();
  for (const invoice of invoices) invoicesOf.set(invoice.customer_id, [...(invoicesOf.get(invoice.customer_id) ?? []), invoice]);

  const dunning: (typeof dunningEvents.$inferInsert)[] = [];
  const audits: (typeof auditLog.$inferInsert)[] = [];
  const sessions: (typeof addressSessions.$inferInsert)[] = [];
  const usage: (typeof trafficPoints.$inferInsert)[] = [];
  const usedKeys = new Set<string>();

  /** An overdue event on the customer's invoice due closest before `at` (paid late or still open). */
  const lateAround = (sub: Sub, at: number) => {
    const candidates = (invoicesOf.get(sub.customer_id) ?? []).filter((i) => dayStart(i.due_date) < at);
    const invoice = candidates.at(-1);
    if (!invoice || usedKeys.has(`overdue:${invoice.id}`)) return;
    usedKeys.add(`overdue:${invoice.id}`);
    // The same key the dunning job uses, so a later run does not write the event twice.
    dunning.push({
      tenantId,
      invoiceId: invoice.id,
      customerId: sub.customer_id,
      kind: "overdue",
      key: `overdue:${invoice.id}`,
      createdAt: new Date(Math.min(at, dayStart(invoice.due_date) + 3 * DAY)),
    });
  };
  const lifecycle = (sub: Sub, action: "subscription.suspended" | "subscription.reactivated", at: number, nonpayment: boolean) =>
    audits.push({
      tenantId,
      actorLabel: nonpayment ? "Billing run" : "support user",
      action,
      entityType: "subscription",
      entityId: sub.id,
      customerId: sub.customer_id,
      before: { status: action === "subscription.suspended" ? "active" : "suspended" },
      after: {
        status: action === "subscription.suspended" ? "suspended" : "active",
        username: sub.username,
        ...(nonpayment && action === "subscription.suspended" ? { source: "nonpayment", reason: "Overdue invoice" } : {}),
      },
      createdAt: new Date(at),
    });
  const suspensionSpell = (sub: Sub, at: number) => {
    lateAround(sub, at);
    lifecycle(sub, "subscription.suspended", at, true);
    lifecycle(sub, "subscription.reactivated", at + between(1, 6) * DAY + 3 * 3_600_000, false);
  };
  const downgrade = (sub: Sub, at: number) => {
    const dearer = plans.filter((p) => Number(p.price) > Number(sub.price));
    if (dearer.length === 0) return;
    const from = dearer[Math.floor(random() * dearer.length)];
    audits.push({
      tenantId,
      actorLabel: "billing user",
      action: "subscription.plan_changed",
      entityType: "subscription",
      entityId: sub.id,
      customerId: sub.customer_id,
      before: { plan: from.name },
      after: { plan: sub.plan_name, effective: "next cycle" },
      createdAt: new Date(at),
    });
  };
  const reconnectBurst = (sub: Sub, from: number, count: number) => {
    if (!sub.router_id) return;
    for (let i = 0; i < count; i += 1) {
      const startedAt = from + Math.floor((i * 30 * DAY) / count) + between(0, 5) * 3_600_000;
      sessions.push({
        tenantId,
        routerId: sub.router_id,
        source: "ppp",
        username: sub.username,
        address: `10.250.${between(0, 255)}.${between(2, 254)}`,
        startedAt: new Date(startedAt),
        endedAt: new Date(startedAt + between(1, 40) * 3_600_000),
      });
    }
  };

  for (const sub of subs) {
    const start = dayStart(sub.start_date);
    const end = sub.end_date ? dayStart(sub.end_date) : null;
    // A usage fall: the share of the usual level left, from `fallFrom` on.
    let fallFrom: number | null = null;
    let fallTo = 1;
    if (sub.status === "terminated" && end !== null) {
      if (chance(0.75)) {
        const signals = [0, 1, 2, 3, 4].filter(() => chance(0.45));
        if (signals.length === 0) signals.push(between(0, 4));
        for (const signal of signals) {
          const lead = between(30, 120) * DAY;
          if (signal === 0) {
            lateAround(sub, end - lead);
            if (chance(0.5)) lateAround(sub, end - lead - 31 * DAY);
          } else if (signal === 1) suspensionSpell(sub, end - lead);
          else if (signal === 2) {
            fallFrom = end - between(45, 90) * DAY;
            fallTo = 0.15 + random() * 0.3;
          } else if (signal === 3) reconnectBurst(sub, end - lead - 30 * DAY, between(16, 32));
          else downgrade(sub, end - lead);
        }
      }
    } else if (sub.status === "suspended" && sub.suspension_source === "nonpayment") {
      const suspendedAt = sub.suspended_at ? new Date(sub.suspended_at).getTime() : now;
      const open = (invoicesOf.get(sub.customer_id) ?? []).filter((i) => i.status !== "paid" && dayStart(i.due_date) < today);
      const due = open[0] ? dayStart(open[0].due_date) : suspendedAt - 10 * DAY;
      const when = Math.min(due + 5 * DAY, suspendedAt);
      lateAround(sub, due + DAY);
      lifecycle(sub, "subscription.suspended", when, true);
      if (chance(0.6)) lateAround(sub, due - between(35, 120) * DAY);
      if (chance(0.35)) {
        fallFrom = due - between(20, 60) * DAY;
        fallTo = 0.2 + random() * 0.4;
      }
      if (chance(0.2)) suspensionSpell(sub, due - between(60, 150) * DAY);
    } else if (sub.status === "suspended") {
      lifecycle(sub, "subscription.suspended", sub.suspended_at ? new Date(sub.suspended_at).getTime() : now - 3 * DAY, false);
    } else {
      // Those who stayed: the same signals, rarer.
      const at = () => now - between(10, 170) * DAY;
      if (chance(0.1)) lateAround(sub, at());
      if (chance(0.03)) suspensionSpell(sub, at());
      if (chance(0.05)) {
        fallFrom = at();
        fallTo = 0.3 + random() * 0.3;
      }
      if (chance(0.04)) reconnectBurst(sub, at(), between(14, 26));
      if (chance(0.03)) downgrade(sub, at());
    }

    // Daily usage before the demo's last 30 days, for subscribers on a router.
    if (!sub.router_id) continue;
    const level = usualDay.get(sub.id) ?? ((sub.download_kbps * 1000) / 8) * 86_400 * (0.02 + 0.6 * random() ** 3) * 0.2;
    for (let day = 31; day <= USAGE_DAYS; day += 1) {
      const bucket = today - day * DAY;
      if (bucket < start || (end !== null && bucket >= end)) continue;
      const fallen = fallFrom !== null && bucket >= fallFrom ? fallTo + (1 - fallTo) * Math.max(0, 1 - (bucket - fallFrom) / (21 * DAY)) : 1;
      const bytes = Math.round(level * fallen * (0.8 + random() * 0.4));
      usage.push({
        tenantId,
        routerId: sub.router_id,
        subjectType: "subscription",
        subject: sub.id,
        resolution: "1d",
        bucket: new Date(bucket),
        rxBytes: bytes,
        txBytes: 0,
      });
    }
  }

  const chunks = <T>(rows: T[], size = 2000) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  for (const chunk of chunks(dunning)) await db.insert(dunningEvents).values(chunk).onConflictDoNothing();
  for (const chunk of chunks(audits)) await db.insert(auditLog).values(chunk);
  for (const chunk of chunks(sessions)) await db.insert(addressSessions).values(chunk);
  for (const chunk of chunks(usage)) await db.insert(trafficPoints).values(chunk).onConflictDoNothing();
}
