/*
 * Pay-to-restore benchmark: a subscriber suspended for non-payment pays online; how long from PayMongo's webhook
 * reaching us to the PPP secret being back on the plan's profile on the router?
 *
 *   npm run bench:pay-restore        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   # BENCH_SUBSCRIBERS=200  BENCH_CONCURRENCY=20  BENCH_KEEP_DB=1 keeps netsphere_bench_pay_restore afterwards
 *
 * Creates the database netsphere_bench_pay_restore (dropping any previous one), migrates it, seeds one ISP with a
 * PPPoE plan, one simulated router (a child process) and BENCH_SUBSCRIBERS subscribers, provisions them with one
 * reconcile, gives each an overdue invoice and suspends them all for non-payment (the router moves them to the
 * isolation profile). PayMongo is the loopback fake; its webhooks go to a server in this process that answers with
 * `handlePaymongoWebhook`, as POST /api/webhooks/paymongo/<tenantId> does. Each subscriber opens a GCash checkout.
 * Then half of them pay one at a time, and the other half BENCH_CONCURRENCY at once (in waves). For each payment,
 * t0 is when the checkout_session.payment.paid delivery reached our server and t1 is when a print of the router's
 * /ppp/secret (every 20 ms) first shows the secret on the plan's profile; the figure is t1 − t0, so it carries up
 * to one poll interval plus a print's round trip of detection. Goal: p95 < 2 s.
 */
import os from "node:os";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { AddressInfo } from "node:net";
import { and, eq, gte } from "drizzle-orm";
import { benchDatabase } from "./support/database";
import { insertBenchRouter, startRouterProcess } from "./support/router-process";
import { seedSubscribers } from "./support/subscribers";
import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import type { Db } from "@/lib/db/types";
import { logger } from "@/lib/core/logger";
import { addDays, todayIn } from "@/lib/core/calendar";
import { actorOf } from "@/lib/audit/record";
import { servicePlans } from "@/lib/plans/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { reconcileRuns } from "@/lib/provisioning/schema";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { suspendSubscriptions } from "@/lib/provisioning/suspension";
import { drainReconciles } from "@/lib/provisioning/trigger";
import { RouterOsClient } from "@/lib/routeros/client";
import { releaseRouter } from "@/lib/routers/access";
import { saveGatewaySettings } from "@/lib/payments/gateways";
import { paymongoSettingsSchema } from "@/lib/payments/rules";
import { startCheckout } from "@/lib/payments/checkout";
import { handlePaymongoWebhook } from "@/lib/payments/paymongo";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice } from "@/tests/support/billing";
import { startFakePaymongo } from "@/tests/support/fake-paymongo";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const POLL_MS = 20;
/** A payment whose secret is not back by then counts as not restored (the scheduled reconcile is not running here). */
const RESTORE_DEADLINE_MS = 30_000;
const GOAL_MS = 2000;
const database = benchDatabase("netsphere_bench_pay_restore");

// The app logs a line per payment and per reactivation; at info level they would bury the figures.
logger.level = process.env.LOG_LEVEL ?? "warn";
process.env.OUTBOUND_ALLOWED_HOSTS = "127.0.0.1";

type Payer = { username: string; invoiceId: string; sessionId: string };
type Sample = { payer: Payer; t0: number; answered: number; t1: number | null };


const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

function headersOf(req: http.IncomingMessage) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
}

/** The checkout session a checkout_session.payment.paid event is about (null for any other event). */
function paidSessionOf(payload: string): string | null {
  const event = JSON.parse(payload) as { data?: { attributes?: { type?: string; data?: { id?: string } } } };
  return event.data?.attributes?.type === "checkout_session.payment.paid" ? (event.data.attributes.data?.id ?? null) : null;
}

/**
 * Our webhook route on 127.0.0.1: the raw body and headers to `handlePaymongoWebhook`, its reply back. Keeps when
 * each session's paid delivery arrived (t0) and when it was answered.
 */
async function startWebhookServer(db: Db) {
  const arrivals = new Map<string, { t0: number; answered: number }>();
  const outcomes = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const tenantId = /^\/api\/webhooks\/paymongo\/([^/?]+)$/.exec(req.url ?? "")?.[1];
      if (req.method !== "POST" || !tenantId) return void res.writeHead(404).end();
      const payload = Buffer.concat(chunks).toString("utf8");
      const answer = (status: number, body: Record<string, unknown>) => {
        const sessionId = paidSessionOf(payload);
        if (sessionId && !arrivals.has(sessionId)) arrivals.set(sessionId, { t0: arrived, answered: performance.now() });
        const outcome = `${status} ${String(body.outcome ?? body.code ?? "")}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      handlePaymongoWebhook(db, { tenantId, payload, headers: headersOf(req) }).then(
        (reply) => answer(reply.status, reply.body),
        (error: unknown) => {
          console.error("webhook failed:", error instanceof Error ? error.message : error);
          answer(500, { code: "internal" });
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    outcomes,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Prints the router's secrets every POLL_MS while someone waits, and tells each waiter when its secret is on `profile`. */
function watchSecrets(client: RouterOsClient, profile: string) {
  const waiting = new Map<string, (at: number | null) => void>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      if (waiting.size > 0) {
        const { rows } = await client.write("/ppp/secret/print", { ".proplist": "name,profile" });
        const seen = performance.now();
        for (const row of rows) {
          const done = waiting.get(row.name);
          if (done && row.profile === profile) {
            waiting.delete(row.name);
            done(seen);
          }
        }
      }
      await sleep(Math.max(0, POLL_MS - (performance.now() - started)));
    }
  })();
  return {
    /** When the secret was first seen back on the profile, or null past the deadline. */
    restored(username: string): Promise<number | null> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(username);
          resolve(null);
        }, RESTORE_DEADLINE_MS);
        waiting.set(username, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

const ms = (value: number) => `${Math.round(value).toLocaleString()} ms`;

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}

function report(label: string, samples: Sample[]) {
  const done = samples.flatMap((s) => (s.t1 === null ? [] : [s.t1 - s.t0]));
  const restore = percentiles(done);
  const answer = percentiles(samples.map((s) => s.answered - s.t0));
  const missed = samples.length - done.length;
  console.log(
    `${label.padEnd(26)} restored ${done.length}/${samples.length}  p50 ${ms(restore.p50)}  p95 ${ms(restore.p95)}  max ${ms(restore.max)}` +
      `   (webhook answered: p50 ${ms(answer.p50)}, p95 ${ms(answer.p95)})${missed > 0 ? `  NOT restored within ${ms(RESTORE_DEADLINE_MS)}: ${missed}` : ""}`,
  );
  return { ...restore, missed };
}

/** The reconcile runs the reactivations started since `since`: how many, and how long they took. */
async function reconcilesSince(db: Db, routerId: string, since: number) {
  const runs = await db
    .select({ startedAt: reconcileRuns.startedAt, finishedAt: reconcileRuns.finishedAt, roundTrips: reconcileRuns.roundTrips })
    .from(reconcileRuns)
    .where(and(eq(reconcileRuns.routerId, routerId), eq(reconcileRuns.trigger, "suspension"), gte(reconcileRuns.startedAt, new Date(since))));
  const took = percentiles(runs.map((r) => (r.finishedAt ?? r.startedAt).getTime() - r.startedAt.getTime()));
  return { runs, took };
}

/** Wall-clock milliseconds of a performance.now() reading, to compare with the database's timestamps. */
const wall = (at: number) => performance.timeOrigin + at;

async function main() {
  await database.fresh();
  const conn = connectPostgres(database.url);
  const sim = await startRouterProcess();
  const fake = await startFakePaymongo({ secretKey: "sk_test_benchPaymongo1" });
  const receiver = await startWebhookServer(conn.db);
  const poller = new RouterOsClient({ host: "127.0.0.1", port: sim.port, username: "bench", password: "bench-pass", timeoutMs: 30_000 });
  let routerId: string | null = null;
  try {
    console.log(`Pay-to-restore benchmark: ${SUBSCRIBERS} subscribers suspended for non-payment, ${CONCURRENCY} payments at once`);
    console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load ${load()}`);
    await prepareDatabase(conn);
    const db = conn.db;
    const { tenant, ctx } = await createTenantFixture(db, { name: "Bench ISP" });
    const actor = actorOf(ctx.billing);
    await db
      .insert(servicePlans)
      .values({ tenantId: tenant.id, name: "Fiber 50", type: "pppoe", downloadKbps: 50_000, uploadKbps: 25_000, priceCentavos: 149_900 });
    const router = await insertBenchRouter(db, { tenantId: tenant.id, port: sim.port });
    routerId = router.id;
    await seedSubscribers(db, { tenantId: tenant.id, count: SUBSCRIBERS });
    await reconcileRouter(db, { tenantId: tenant.id, routerId: router.id, trigger: "manual" });
    await poller.connect();
    const provisioned = (await poller.write("/ppp/secret/print", { ".proplist": "name,profile" })).rows;
    const planProfile = provisioned[0]?.profile;
    if (provisioned.length !== SUBSCRIBERS || provisioned.some((r) => r.profile !== planProfile))
      throw new Error(`expected ${SUBSCRIBERS} secrets on one profile, the router holds ${provisioned.length}`);

    const subs = await db
      .select({ id: subscriptions.id, customerId: subscriptions.customerId, username: subscriptions.username })
      .from(subscriptions)
      .where(eq(subscriptions.tenantId, tenant.id));
    const today = todayIn(tenant.timezone);
    const invoiceOf = new Map<string, string>();
    for (const sub of subs) {
      const invoice = await insertInvoice(db, {
        tenantId: tenant.id,
        customerId: sub.customerId,
        number: `INV-BENCH-${sub.username}`,
        issueDate: addDays(today, -20),
        dueDate: addDays(today, -13),
        lines: [{ amount: 149_900, subscriptionId: sub.id }],
      });
      invoiceOf.set(sub.username, invoice.id);
    }
    await suspendSubscriptions(db, actor, { subscriptionIds: subs.map((s) => s.id), reason: "Overdue", source: "nonpayment" });
    const isolated = (await poller.write("/ppp/secret/print", { ".proplist": "name,profile" })).rows;
    if (isolated.some((r) => r.profile === planProfile)) throw new Error("the suspension left secrets on the plan's profile");
    console.log(`suspended ${subs.length} subscribers for non-payment: router profile ${planProfile} → ${isolated[0]?.profile}`);

    const webhookSecret = "whsk_benchPaymongoWebhook1";
    await saveGatewaySettings(
      db,
      actor,
      paymongoSettingsSchema.parse({
        provider: "paymongo",
        enabled: true,
        mode: "test",
        apiBaseUrl: fake.url,
        methods: ["gcash"],
        publicKey: "pk_test_benchPaymongo1",
        secretKey: "sk_test_benchPaymongo1",
        webhookSecret,
      }),
    );
    fake.setWebhook({ url: `${receiver.url}/api/webhooks/paymongo/${tenant.id}`, secret: webhookSecret });
    const payers: Payer[] = [];
    for (const sub of subs) {
      const invoiceId = invoiceOf.get(sub.username)!;
      const started = await startCheckout(db, { tenantId: tenant.id, invoiceId, method: "gcash" });
      payers.push({ username: sub.username, invoiceId, sessionId: started.externalId });
    }
    console.log(`opened ${payers.length} GCash checkouts on the fake PayMongo; load ${load()}`);

    const watch = watchSecrets(poller, planProfile);
    const pay = async (payer: Payer): Promise<Sample> => {
      const restored = watch.restored(payer.username);
      await fake.pay(payer.sessionId);
      const t1 = await restored;
      const arrival = receiver.arrivals.get(payer.sessionId);
      if (!arrival) throw new Error(`no checkout_session.payment.paid delivery reached us for ${payer.username}`);
      return { payer, ...arrival, t1 };
    };

    const half = Math.floor(payers.length / 2);
    const sequentialSince = Date.now();
    const sequential: Sample[] = [];
    for (const payer of payers.slice(0, half)) sequential.push(await pay(payer));
    const seq = report("sequential (one at a time)", sequential);
    const seqRuns = await reconcilesSince(db, router.id, sequentialSince);
    // Each payment's own reconcile is the first to start after its webhook arrived.
    const settle: number[] = [];
    const detect: number[] = [];
    for (const s of sequential) {
      const run = seqRuns.runs.filter((r) => r.startedAt.getTime() >= Math.floor(wall(s.t0))).sort((a, b) => +a.startedAt - +b.startedAt)[0];
      if (!run?.finishedAt || s.t1 === null) continue;
      settle.push(run.startedAt.getTime() - wall(s.t0));
      detect.push(wall(s.t1) - run.finishedAt.getTime());
    }
    console.log(
      `${"".padEnd(26)} where it goes (medians): webhook → reconcile start ${ms(percentiles(settle).p50)}, reconcile ${ms(seqRuns.took.p50)}` +
        ` (${seqRuns.runs.length} runs, ${seqRuns.runs[0]?.roundTrips ?? 0} round trips each), seen by the 20 ms poll ${ms(percentiles(detect).p50)} later`,
    );

    const concurrentSince = Date.now();
    const concurrent: Sample[] = [];
    const rest = payers.slice(half);
    for (let start = 0; start < rest.length; start += CONCURRENCY) {
      concurrent.push(...(await Promise.all(rest.slice(start, start + CONCURRENCY).map(pay))));
    }
    const con = report(`concurrent (${CONCURRENCY} at once)`, concurrent);
    const conRuns = await reconcilesSince(db, router.id, concurrentSince);
    const waves = Math.ceil(rest.length / CONCURRENCY);
    console.log(
      `${"".padEnd(26)} ${waves} wave${waves === 1 ? "" : "s"}; ${conRuns.runs.length} reconcile runs for ${concurrent.length} payments, each ${ms(conRuns.took.p50)} (median)`,
    );
    await watch.stop();
    await drainReconciles();
    console.log(`deliveries answered: ${[...receiver.outcomes].map(([outcome, n]) => `${outcome} × ${n}`).join(", ")}`);

    const met = seq.p95 < GOAL_MS && con.p95 < GOAL_MS && seq.missed + con.missed === 0;
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}; load at the end ${load()}; goal webhook → router restored p95 < ${ms(GOAL_MS)}: ${met ? "met" : "NOT met"}`,
    );
  } finally {
    await poller.close().catch(() => undefined);
    if (routerId) await releaseRouter(routerId);
    await receiver.stop();
    await fake.stop();
    sim.stop();
    await conn.close();
    await database.drop();
  }
}

await main();
