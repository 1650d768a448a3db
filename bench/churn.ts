/*
 * Churn risk hit rate on the demo history: score every subscriber as of a past day (BENCH_AS_OF_DAYS ago, default
 * 90) from what was known then, and check who left (a subscription ended) or was suspended for not paying in the days
 * after, up to today. Prints the base rate, precision@k, recall@k and lift@k (precision over the base rate) for the
 * ranking, and the same per risk band.
 *
 *   npm run bench:churn        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   # BENCH_AS_OF_DAYS=90  BENCH_KEEP_DB=1 keeps netsphere_bench_churn afterwards
 *
 * Creates the database netsphere_bench_churn (dropping any previous one), migrates it and seeds the demo ISP as
 * `npm run dev` does (its churn history: lib/db/demo-churn.ts), then reads the signals as of the day in one statement.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { benchDatabase } from "./support/database";
import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { rowsOf } from "@/lib/db/bulk";
import { seedDemo } from "@/lib/db/seed";
import { clock } from "@/lib/core/clock";
import { localDate } from "@/lib/core/time-zones";
import { churnScore } from "@/lib/analytics/churn/score";
import { churnSignals } from "@/lib/analytics/churn/signals";

const AS_OF_DAYS = Number(process.env.BENCH_AS_OF_DAYS ?? 90);
const database = benchDatabase("netsphere_bench_churn");

await database.fresh();
const conn = connectPostgres(database.url, 4);
let ok = false;
try {
  await prepareDatabase(conn);
  const db = conn.db;
  const seedStarted = performance.now();
  await seedDemo(db, { routerPortBase: 29_700 });
  const seedMs = performance.now() - seedStarted;
  const [tenant] = rowsOf<{ id: string; timezone: string }>(
    await db.execute(sql`select id, timezone from tenants where email = 'owner@demo.netsphere.ph'`),
  );
  const now = clock.now();
  const asOf = new Date(now.getTime() - AS_OF_DAYS * 86_400_000);
  const day = localDate(asOf, tenant.timezone);
  const today = localDate(now, tenant.timezone);

  // Everyone with a service running on the day, and what happened to them after it.
  const population = rowsOf<{ customer_id: string; name: string; left: boolean; suspended: boolean }>(
    await db.execute(sql`
      select c.id as customer_id, c.name,
        exists (select 1 from subscriptions e where e.customer_id = c.id and e.end_date > ${day}::date and e.end_date <= ${today}::date) as left,
        exists (select 1 from audit_log a where a.tenant_id = c.tenant_id and a.customer_id = c.id and a.action = 'subscription.suspended'
          and a.after->>'source' = 'nonpayment' and a.created_at > ${asOf.toISOString()}::timestamptz) as suspended
      from customers c
      where c.tenant_id = ${tenant.id} and exists (
        select 1 from subscriptions s where s.customer_id = c.id and s.status <> 'pending' and s.start_date <= ${day}::date
          and (s.end_date is null or s.end_date > ${day}::date))`),
  );
  const readStarted = performance.now();
  const signals = await churnSignals(db, { tenantId: tenant.id, asOf, timeZone: tenant.timezone });
  const readMs = performance.now() - readStarted;
  const scoreOf = new Map(signals.map((s) => [s.customerId, churnScore(s.signals)]));
  const ranked = population
    .map((p) => ({
      ...p,
      outcome: p.left || p.suspended,
      score: scoreOf.get(p.customer_id)?.score ?? 0,
      band: scoreOf.get(p.customer_id)?.band ?? "low",
    }))
    .sort((a, b) => b.score - a.score || a.customer_id.localeCompare(b.customer_id));
  const positives = ranked.filter((r) => r.outcome).length;
  const baseRate = positives / ranked.length;
  console.log(`churn risk hit rate on the demo history: scored as of ${day} (${AS_OF_DAYS} days ago), outcomes up to ${today}`);
  console.log(
    `demo seeded in ${(seedMs / 1000).toFixed(1)} s; signals read in ${readMs.toFixed(0)} ms; ${ranked.length} subscribers with service that day, ` +
      `${signals.length} with a signal; ${positives} left or were suspended for not paying after it (${ranked.filter((r) => r.left).length} left, ` +
      `${ranked.filter((r) => r.suspended).length} suspended): base rate ${(baseRate * 100).toFixed(1)} %`,
  );
  for (const k of [10, 20, 30, 50]) {
    const top = ranked.slice(0, k);
    const hits = top.filter((r) => r.outcome).length;
    const precision = hits / top.length;
    console.log(
      `top ${k}: precision ${(precision * 100).toFixed(1)} % (${hits}/${top.length}), recall ${((hits / Math.max(1, positives)) * 100).toFixed(1)} %, lift ${(precision / baseRate).toFixed(2)}× (lowest score in it: ${top.at(-1)?.score ?? 0})`,
    );
  }
  for (const band of ["high", "medium", "low"] as const) {
    const inBand = ranked.filter((r) => r.band === band);
    const hits = inBand.filter((r) => r.outcome).length;
    console.log(
      `band ${band}: ${inBand.length} subscribers, ${hits} left or suspended (${inBand.length ? ((hits / inBand.length) * 100).toFixed(1) : "—"} %)`,
    );
  }
  ok = true;
} finally {
  await conn.close();
  await database.drop({ force: !ok });
}
