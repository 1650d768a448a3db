/*
 * Notification outbox benchmark: 10,000 SMS reminders queued for one tenant in one statement, then sent by
 * two senders at once (as two workers would) to a loopback Semaphore-style provider on 127.0.0.1.
 *
 *   npm run bench:outbox        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * Creates the database netsphere_bench_outbox (dropping any previous one), migrates it, seeds customers with
 * mobile numbers and the SMS channel, then times the enqueue and the sending, and checks that every message
 * reached the provider exactly once. Goals: enqueue ≤ 5 s, send ≥ 500 messages/s. BENCH_MESSAGES changes the count.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { benchDatabase } from "./support/database";
import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { tenants } from "@/lib/tenants/schema";
import { rowsOf } from "@/lib/db/bulk";
import { saveChannelSettings } from "@/lib/notify/settings";
import { enqueueNotifications } from "@/lib/notify/enqueue";
import { sendDueNotifications } from "@/lib/notify/outbox";
import { startFakeSemaphore } from "@/tests/support/fake-messaging";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const DB_NAME = "netsphere_bench_outbox";
const database = benchDatabase(DB_NAME);
const GOALS = { enqueueSeconds: 5, sendPerSecond: 500 };

await database.fresh();
const conn = connectPostgres(database.url, 6);
const sms = await startFakeSemaphore();
let ok = false;
try {
  await prepareDatabase(conn);
  const db = conn.db;
  const [tenant] = await db
    .insert(tenants)
    .values({ name: "Bench ISP", legalName: "Bench ISP Inc.", email: "owner@bench.example", saasPlanId: "cloud-server", onboardingStep: "done" })
    .returning();
  await db.execute(sql`
    insert into customers (tenant_id, account_number, name, phone, status, search_text)
    select ${tenant.id}::uuid, 'ACC-' || lpad(g::text, 6, '0'), 'Subscriber ' || g, '0917' || lpad(g::text, 7, '0'), 'active', 'subscriber ' || g
    from generate_series(1, ${MESSAGES}) g`);
  const actor = { tenantId: tenant.id, userName: "bench" };
  await saveChannelSettings(db, actor, {
    channel: "sms",
    enabled: true,
    provider: "semaphore",
    baseUrl: sms.url,
    senderName: "BENCH",
    apiKey: "bench-key",
  });
  await saveChannelSettings(db, actor, { channel: "email", enabled: false });
  const customerIds = rowsOf<{ id: string }>(await db.execute(sql`select id from customers where tenant_id = ${tenant.id}::uuid`)).map((r) => r.id);
  await db.execute(sql`analyze`);

  let started = performance.now();
  const { count } = await db.transaction((tx) =>
    enqueueNotifications(tx, {
      tenantId: tenant.id,
      event: "due_reminder",
      items: customerIds.map((customerId, i) => ({
        customerId,
        dedupeKey: `bench:${i}`,
        data: {
          invoiceNumber: `INV-2026-${String(i + 1).padStart(6, "0")}`,
          amountDue: "₱1,499.00",
          dueDate: "Dec 8, 2026",
          payUrl: "https://isp.example.ph/pay/x",
        },
      })),
    }),
  );
  const enqueueSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const summaries = await Promise.all([1, 2].map(() => sendDueNotifications(db, { maxMessages: MESSAGES, budgetMs: 600_000 })));
  const sendSeconds = (performance.now() - started) / 1000;
  const sent = summaries.reduce((n, s) => n + s.sent, 0);
  const numbers = sms.requests.map((r) => String(r.body.number));
  const duplicates = numbers.length - new Set(numbers).size;
  const [left] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from notification_outbox where status <> 'sent'`));

  const cpu = os.cpus();
  console.log(
    `machine: ${cpu.length} × ${cpu[0]?.model.split(" ").slice(0, 2).join(" ")}, ${Math.round(os.totalmem() / 2 ** 20)} MB RAM, Node ${process.version}`,
  );
  console.log(`enqueue: ${count.toLocaleString("en")} SMS queued in ${enqueueSeconds.toFixed(2)} s (goal ≤ ${GOALS.enqueueSeconds} s)`);
  console.log(
    `send:    ${sent.toLocaleString("en")} sent by 2 senders in ${sendSeconds.toFixed(2)} s = ${Math.round(sent / sendSeconds).toLocaleString("en")} messages/s (goal ≥ ${GOALS.sendPerSecond}/s)`,
  );
  console.log(`check:   provider got ${numbers.length.toLocaleString("en")} requests, ${duplicates} duplicates, ${left.n} not sent`);
  ok =
    count === MESSAGES &&
    sent === MESSAGES &&
    duplicates === 0 &&
    left.n === 0 &&
    enqueueSeconds <= GOALS.enqueueSeconds &&
    sent / sendSeconds >= GOALS.sendPerSecond;
  console.log(ok ? "PASS" : "FAIL");
} finally {
  await sms.close();
  await conn.close();
  await database.drop();
}
process.exit(ok ? 0 : 1);
