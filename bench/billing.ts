/*
 * Billing run benchmark: 100,000 active subscriptions of one tenant invoiced for one period on real
 * Postgres, then the same run again (which must create nothing).
 *
 *   npm run bench:billing        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * Creates the database netsphere_bench_billing (dropping any previous one), migrates it, seeds one tenant
 * with set-based inserts (customers and subscriptions; 2% of customers hold a credit, 5% have a promo),
 * runs ANALYZE, then times runBilling twice (as if run at 00:05 on 2026-12-01 in Manila), sampling RSS every
 * 50 ms for the peak. Then the floor: the invoices and lines the run wrote are read out with COPY … TO STDOUT
 * and loaded with COPY … FROM STDIN into empty copies of their tables (same indexes, checks and foreign keys),
 * one transaction, timed (support/copy-floor.ts). Prints run ÷ floor. Goals: first run ≤ 5 s, rerun ≤ 5 s and
 * 0 invoices. BENCH_PROFILE=1 prints where each batch's time went. Drops the database at the end
 * (BENCH_KEEP_DB=1 keeps it).
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import pg from "pg";
import { benchDatabase } from "./support/database";
import { exportRows, timeCopyFloor } from "./support/copy-floor";
import { connectPostgres, type Connection } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { tenants } from "@/lib/tenants/schema";
import { servicePlans } from "@/lib/plans/schema";
import { encryptSecret } from "@/lib/core/crypto";
import { runBilling, type StepReport } from "@/lib/billing/run";
import { deriveBalances } from "@/lib/billing/ledger";

const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 100_000);
const DB_NAME = "netsphere_bench_billing";
const database = benchDatabase(DB_NAME);
const BILL_UP_TO = "2026-12-01";
const NOW = new Date("2026-12-01T00:05:00+08:00");
const GOALS = { firstSeconds: 5, rerunSeconds: 5 };
const PROFILE = process.env.BENCH_PROFILE === "1";
const BATCH = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;

async function seed(conn: Connection) {
  const db = conn.db;
  const [tenant] = await db
    .insert(tenants)
    .values({
      name: "Bench ISP",
      legalName: "Bench ISP Inc.",
      email: "owner@bench.example",
      saasPlanId: "cloud-server",
      onboardingStep: "done",
      billingAnchor: "billing_day",
      billingDay: 1,
    })
    .returning();
  const plans = await db
    .insert(servicePlans)
    .values(
      ["Fiber 25", "Fiber 50", "Fiber 100", "Fiber 200"].map((name, i) => ({
        tenantId: tenant.id,
        name,
        type: "pppoe" as const,
        downloadKbps: 25_000 * 2 ** i,
        uploadKbps: 12_500 * 2 ** i,
        priceCentavos: 99_900 + i * 50_000,
      })),
    )
    .returning();
  const planIds = `{${plans.map((p) => p.id).join(",")}}`;
  const secret = encryptSecret("bench-pppoe-password");
  // Already billed through November: the run bills December for everyone.
  await db.execute(sql`
    insert into customers (tenant_id, account_number, name, status, search_text, balance_centavos)
    select ${tenant.id}::uuid, 'ACC-' || lpad(g::text, 6, '0'), 'Subscriber ' || g, 'active', 'subscriber ' || g,
           case when g % 50 = 0 then -50000 else 0 end
    from generate_series(1, ${SUBSCRIPTIONS}) g`);
  await db.execute(sql`
    insert into subscriptions (tenant_id, customer_id, plan_id, username, password_encrypted, start_date, billed_through, status)
    select ${tenant.id}::uuid, c.id, (${planIds}::uuid[])[1 + (row_number() over (order by c.account_number)) % 4],
           'sub' || substr(c.account_number, 5), ${secret}, date '2026-06-01' + ((row_number() over (order by c.account_number)) % 28)::int,
           date '2026-11-30', 'active'
    from customers c where c.tenant_id = ${tenant.id}::uuid`);
  // Customers with a credit hold it as an unapplied payment, as the ledger requires.
  await db.execute(sql`
    insert into payments (tenant_id, customer_id, receipt_number, method, amount_centavos, currency, received_at)
    select ${tenant.id}::uuid, c.id, 'OR-BENCH-' || c.account_number, 'cash', 50000, 'PHP', now() - interval '3 days'
    from customers c where c.tenant_id = ${tenant.id}::uuid and c.balance_centavos < 0`);
  await db.execute(sql`
    insert into promo_codes (tenant_id, code, kind, percent_bps, periods) values (${tenant.id}::uuid, 'BENCH10', 'percent', 1000, 3)`);
  await db.execute(sql`
    insert into promo_redemptions (tenant_id, promo_code_id, customer_id, subscription_id, periods_remaining)
    select ${tenant.id}::uuid, p.id, s.customer_id, s.id, 3
    from subscriptions s cross join promo_codes p
    where s.tenant_id = ${tenant.id}::uuid and p.tenant_id = ${tenant.id}::uuid and (hashtext(s.username) & 2147483647) % 20 = 0`);
  await db.execute(sql`analyze`);
  return tenant;
}

function sampleMemory() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Sums the time of each step over all batches. */
function profiler() {
  const steps = new Map<string, { ms: number; count: number }>();
  const report: StepReport = (step, ms) => {
    const s = steps.get(step) ?? { ms: 0, count: 0 };
    steps.set(step, { ms: s.ms + ms, count: s.count + 1 });
  };
  const print = () => {
    const total = steps.get("batch total");
    if (!total) return;
    let inSteps = 0;
    for (const [step, s] of steps) {
      if (step === "batch total") continue;
      inSteps += s.ms;
      console.log(`  ${step.padEnd(16)} ${(s.ms / 1000).toFixed(2).padStart(6)} s  (${s.count} times)`);
    }
    console.log(`  ${"commit, other".padEnd(16)} ${((total.ms - inSteps) / 1000).toFixed(2).padStart(6)} s`);
    console.log(`  ${"batches".padEnd(16)} ${(total.ms / 1000).toFixed(2).padStart(6)} s  (${total.count} batches)`);
  };
  return { report, print };
}

/** The floor: a bare COPY of the run's invoices and lines into empty copies of their tables. */
async function copyFloor(runId: string) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  let exported;
  try {
    const ofRun = `select id from invoices where billing_run_id = '${runId}'`;
    exported = [
      await exportRows(client, "invoices", `select * from invoices where id in (${ofRun})`),
      await exportRows(client, "invoice_lines", `select * from invoice_lines where invoice_id in (${ofRun}) order by invoice_id, sort_order`),
    ];
  } finally {
    await client.end();
  }
  return timeCopyFloor(database.url, exported);
}

async function main() {
  await database.fresh();
  const conn = connectPostgres(database.url);
  try {
    await prepareDatabase(conn);
    const seedStart = performance.now();
    const tenant = await seed(conn);
    console.log(`seeded ${SUBSCRIPTIONS.toLocaleString()} active subscriptions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    const actor = { tenantId: tenant.id, userId: null, userName: "bench" };

    const profile = profiler();
    let stop = sampleMemory();
    let started = performance.now();
    const first = await runBilling(conn.db, actor, {
      billUpTo: BILL_UP_TO,
      trigger: "manual",
      now: NOW,
      batchSize: BATCH,
      profile: PROFILE ? profile.report : undefined,
    });
    const firstSeconds = (performance.now() - started) / 1000;
    const firstPeak = stop();

    stop = sampleMemory();
    started = performance.now();
    const rerun = await runBilling(conn.db, actor, { billUpTo: BILL_UP_TO, trigger: "manual", now: NOW, batchSize: BATCH });
    const rerunSeconds = (performance.now() - started) / 1000;
    const rerunPeak = stop();

    const sample = await deriveBalances(conn.db, { tenantId: tenant.id });
    const mismatched = sample.filter((b) => b.stored !== b.derived).length;
    const floor = await copyFloor(first.runId);

    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${mb(os.totalmem())} RAM, Node ${process.version}`);
    console.log(
      `first run: ${first.invoicesCreated.toLocaleString()} invoices in ${firstSeconds.toFixed(2)} s = ${Math.round(first.invoicesCreated / firstSeconds).toLocaleString()} invoices/s, peak RSS ${mb(firstPeak)} (goal ≤ ${GOALS.firstSeconds} s)`,
    );
    console.log(
      `rerun:     ${rerun.invoicesCreated} invoices in ${rerunSeconds.toFixed(2)} s, peak RSS ${mb(rerunPeak)} (goal 0 in ≤ ${GOALS.rerunSeconds} s)`,
    );
    console.log(`ledger:    ${sample.length.toLocaleString()} balances re-derived, ${mismatched} mismatched`);
    const floorDetail = floor.perTable.map((t) => `${t.rows.toLocaleString()} ${t.table} (${mb(t.bytes)}) ${t.seconds.toFixed(2)} s`).join(", ");
    console.log(`COPY floor: ${floor.seconds.toFixed(2)} s = ${floorDetail}`);
    console.log(`run ÷ floor: ${(firstSeconds / floor.seconds).toFixed(2)}`);
    if (PROFILE) {
      console.log("first run, by step (all batches):");
      profile.print();
    }
    const ok =
      first.invoicesCreated === SUBSCRIPTIONS &&
      firstSeconds <= GOALS.firstSeconds &&
      rerun.invoicesCreated === 0 &&
      rerunSeconds <= GOALS.rerunSeconds &&
      mismatched === 0;
    console.log(ok ? "PASS" : "FAIL");
    process.exitCode = ok ? 0 : 1;
  } finally {
    await conn.close();
    await database.drop();
  }
}

await main();
