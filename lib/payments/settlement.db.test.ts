import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordPayment } from "@/lib/billing/payments";
import { executeAction } from "@/lib/core/action";
import { addMonths, firstDayOf } from "@/lib/core/calendar";
import { manualClock, withClock } from "@/lib/core/clock";
import { zonedInstant } from "@/lib/core/time-zones";
import { saveGatewayAction } from "@/lib/payments/actions/save-gateway";
import { createCheckoutSession } from "@/lib/payments/paymongo-api";
import { refundSenders } from "@/lib/payments/refund-senders";
import { refundOnlinePayment } from "@/lib/payments/refunds";
import { settlementCsv, settlementReport } from "@/lib/payments/settlement";
import { tenantClock } from "@/lib/reports/clock";
import { createTestDatabase } from "@/tests/support/db";
import { paymongoFee, startFakePaymongo, type FakePaymongo } from "@/tests/support/fake-paymongo";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { enableStripe, tenantWithInvoice } from "@/tests/support/online-payments";
import type { Connection } from "@/lib/db/connect";

const paymongoKey = `sk_test_${randomBytes(12).toString("hex")}`;
const stripeKey = "sk_test_fakesettlement1";

let conn: Connection;
let paymongo: FakePaymongo;
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
beforeAll(async () => {
  process.env.OUTBOUND_ALLOWED_HOSTS = "127.0.0.1";
  conn = await createTestDatabase();
  paymongo = await startFakePaymongo({ secretKey: paymongoKey });
  stripe = await startFakeStripe({ secretKey: stripeKey });
});
afterAll(async () => {
  await paymongo?.stop();
  await stripe?.stop();
  await conn?.close();
});

type Setup = Awaited<ReturnType<typeof tenantWithInvoice>>;

async function savePaymongo(setup: Setup, { apiBaseUrl, secretKey }: { apiBaseUrl: string; secretKey: string }) {
  await executeAction(
    saveGatewayAction.definition,
    { ...setup.ctx.billing, db: conn.db },
    {
      provider: "paymongo",
      enabled: false,
      mode: "test",
      publicKey: "pk_test_fakesettlement",
      secretKey,
      webhookSecret: "",
      methods: ["gcash"],
      apiBaseUrl,
    },
  );
}

/** Last month in the ISP's calendar, and an instant in it (or around it) on the ISP's wall clock. */
async function lastMonthOf(tenantId: string) {
  const { month, timeZone } = await tenantClock(conn.db, { tenantId });
  const last = addMonths(month, -1);
  const at = (day: number, hour: number, minute = 0) =>
    new Date(zonedInstant(`${last}-${String(day).padStart(2, "0")}`, hour * 60 + minute, timeZone));
  return { month: last, at, lastMinuteBefore: new Date(zonedInstant(firstDayOf(last), 0, timeZone) - 60_000) };
}

/** A GCash payment PayMongo took at `at`, as its payments list reports it. */
async function paidAtPaymongo(amount: number, at: Date) {
  return withClock(manualClock(at), async () => {
    const account = { secretKey: paymongoKey, mode: "test" as const, apiBaseUrl: paymongo.url };
    const session = await createCheckoutSession(account, {
      amount,
      currency: "PHP",
      name: "Fiber 100",
      description: "Invoice",
      methods: ["gcash"],
      successUrl: "http://localhost:3000/ok",
      cancelUrl: "http://localhost:3000/no",
      referenceNumber: `INV-${randomUUID().slice(0, 6)}`,
      metadata: {},
      idempotencyKey: randomUUID(),
    });
    return (await paymongo.pay(session.id)).id;
  });
}

async function recordOnline(setup: Setup, input: { gateway: "paymongo" | "stripe"; reference: string; amount: number; fee: number; at: Date }) {
  return recordPayment(conn.db, setup.ctx.billing, {
    customerId: setup.customer.id,
    amountCentavos: input.amount,
    method: input.gateway === "stripe" ? "card" : "gcash",
    gateway: input.gateway,
    reference: input.reference,
    gatewayPaymentId: `cs_${randomUUID()}`,
    feeCentavos: input.fee,
    receivedAt: input.at,
  });
}

/** A loopback URL nothing listens on: a port the OS gave us and we gave back. */
async function closedPortUrl() {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const csvRows = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, "").trim(), { newline: "\r\n" }).data;

describe("settlement report", () => {
  it("pairs PayMongo's payments with the ledger's by payment id and lists what only one side has", async () => {
    const setup = await tenantWithInvoice(conn.db);
    await savePaymongo(setup, { apiBaseUrl: paymongo.url, secretKey: paymongoKey });
    const { month, at, lastMinuteBefore } = await lastMonthOf(setup.tenant.id);

    const both = await paidAtPaymongo(149_900, at(5, 10));
    await recordOnline(setup, { gateway: "paymongo", reference: both, amount: 149_900, fee: paymongoFee("gcash", 149_900), at: at(5, 10, 1) });
    // Paid at PayMongo a minute before the month began, recorded by our webhook two minutes later: the same payment.
    const acrossMidnight = await paidAtPaymongo(99_900, lastMinuteBefore);
    await recordOnline(setup, { gateway: "paymongo", reference: acrossMidnight, amount: 99_900, fee: paymongoFee("gcash", 99_900), at: at(1, 0, 1) });
    const onlyAtPaymongo = await paidAtPaymongo(120_000, at(12, 15));
    const onlyHere = `pay_${randomBytes(12).toString("hex")}`;
    await recordOnline(setup, { gateway: "paymongo", reference: onlyHere, amount: 50_000, fee: 1_250, at: at(20, 9) });
    // Neither another gateway's payment nor one from the month before belongs in PayMongo's month.
    await recordOnline(setup, { gateway: "stripe", reference: "pi_notPaymongo", amount: 70_000, fee: 0, at: at(6, 9) });
    await recordOnline(setup, {
      gateway: "paymongo",
      reference: "pay_monthBefore",
      amount: 30_000,
      fee: 0,
      at: new Date(lastMinuteBefore.getTime() - 3_600_000),
    });

    const report = await settlementReport(conn.db, { tenantId: setup.tenant.id, provider: "paymongo", month });

    expect(report.theirsError).toBeNull();
    expect(report.ours.payments.map((l) => l.reference)).toEqual([acrossMidnight, both, onlyHere]);
    const fees = paymongoFee("gcash", 149_900) + paymongoFee("gcash", 99_900) + 1_250;
    expect(report.totals).toEqual({
      paymentsCentavos: 299_800,
      refundsCentavos: 0,
      feesCentavos: fees,
      netCentavos: 299_800 - fees,
      payoutsCentavos: 0,
    });
    expect(report.matched).toBe(2);
    expect(report.unmatchedOurs).toMatchObject([{ kind: "payment", reference: onlyHere, amountCentavos: 50_000, status: "unmatched" }]);
    expect(report.unmatchedTheirs).toMatchObject([{ id: onlyAtPaymongo, kind: "payment", grossCentavos: 120_000, paymentReference: onlyAtPaymongo }]);
    expect(report.ours.payments.every((l) => l.problem === null)).toBe(true);

    const [header, ...rows] = csvRows(settlementCsv(report));
    expect(header.slice(0, 7)).toEqual(["Status", "Kind", "Date", "Receipt", "Customer", "Reference", "Amount in NetSphere (PHP)"]);
    const column = (name: string) => header.indexOf(name);
    expect(
      rows.map((r) => [r[column("Status")], r[column("Reference")], r[column("Amount in NetSphere (PHP)")], r[column("Amount at PayMongo (PHP)")]]),
    ).toEqual([
      ["matched", acrossMidnight, "999.00", "999.00"],
      ["matched", both, "1499.00", "1499.00"],
      ["only in NetSphere", onlyHere, "500.00", ""],
      ["only at PayMongo", onlyAtPaymongo, "", "1200.00"],
    ]);
    expect(rows[0][column("Date")]).toBe(firstDayOf(month));
    expect(rows[0][column("Customer")]).toBe("Maria Santos");
    expect(rows[1][column("Fee at PayMongo (PHP)")]).toBe((paymongoFee("gcash", 149_900) / 100).toFixed(2));
  });

  it("pairs a Stripe refund with the ledger's, says when a payment's amount differs and counts the month's payouts", async () => {
    const setup = await tenantWithInvoice(conn.db);
    await enableStripe(conn.db, setup.ctx.billing, { apiBaseUrl: stripe.url, n: "settlement1" });
    const { month, at } = await lastMonthOf(setup.tenant.id);
    const intent = `pi_${randomBytes(12).toString("hex")}`;
    stripe.addPaymentIntent({ id: intent, amount: 140_000, currency: "php", fee: 5_397, created: at(8, 11) });
    const { paymentId } = await recordOnline(setup, { gateway: "stripe", reference: intent, amount: 149_900, fee: 5_397, at: at(8, 11) });
    const refund = await withClock(manualClock(at(15, 14)), () =>
      refundOnlinePayment(conn.db, setup.ctx.billing, refundSenders, { paymentId, amountCentavos: 50_000, reason: "Outage credit" }),
    );
    expect(refund.status).toBe("succeeded");
    stripe.addPayout({ amount: 200_000, currency: "php", created: at(20, 9) });

    const report = await settlementReport(conn.db, { tenantId: setup.tenant.id, provider: "stripe", month });

    expect(report.totals).toEqual({
      paymentsCentavos: 149_900,
      refundsCentavos: 50_000,
      feesCentavos: 5_397,
      netCentavos: 149_900 - 50_000 - 5_397,
      payoutsCentavos: 200_000,
    });
    expect(report.matched).toBe(2);
    expect(report.unmatchedOurs).toEqual([]);
    expect(report.unmatchedTheirs).toEqual([]);
    expect(report.ours.payments[0]).toMatchObject({ status: "matched", problem: "amount differs: ₱1,499.00 in NetSphere, ₱1,400.00 at Stripe" });
    expect(report.ours.refunds).toMatchObject([
      { kind: "refund", status: "matched", amountCentavos: 50_000, problem: null, match: { grossCentavos: -50_000 } },
    ]);

    const [header, ...rows] = csvRows(settlementCsv(report));
    const column = (name: string) => header.indexOf(name);
    expect(
      rows.map((r) => [r[column("Status")], r[column("Kind")], r[column("Amount in NetSphere (PHP)")], r[column("Amount at Stripe (PHP)")]]),
    ).toEqual([
      ["matched", "payment", "1499.00", "1400.00"],
      ["matched", "refund", "500.00", "500.00"],
      ["at Stripe", "payout", "", "2000.00"],
    ]);
    expect(rows[0][column("Note")]).toBe("amount differs: ₱1,499.00 in NetSphere, ₱1,400.00 at Stripe");
  });

  it("still shows the ledger's side, with a sentence saying why, when the gateway refuses the key, cannot be reached or is not set up", async () => {
    const setup = await tenantWithInvoice(conn.db);
    const { month, at } = await lastMonthOf(setup.tenant.id);
    await recordOnline(setup, {
      gateway: "paymongo",
      reference: `pay_${randomBytes(12).toString("hex")}`,
      amount: 149_900,
      fee: 3_748,
      at: at(3, 9),
    });
    const report = (provider: "paymongo" | "xendit") => settlementReport(conn.db, { tenantId: setup.tenant.id, provider, month });

    await savePaymongo(setup, { apiBaseUrl: paymongo.url, secretKey: `sk_test_${randomBytes(12).toString("hex")}` });
    const refused = await report("paymongo");
    expect(refused.theirs).toBeNull();
    expect(refused.theirsError).toBe(
      "PayMongo refused the saved keys, so only NetSphere's side is shown. An admin can fix them under Billing → Payment gateways.",
    );

    await savePaymongo(setup, { apiBaseUrl: await closedPortUrl(), secretKey: paymongoKey });
    const unreachable = await report("paymongo");
    expect(unreachable).toMatchObject({
      theirs: null,
      theirsError: "PayMongo could not be reached just now, so only NetSphere's side is shown. Try again in a few minutes.",
      matched: 0,
      unmatchedOurs: [],
      unmatchedTheirs: [],
      totals: { paymentsCentavos: 149_900, feesCentavos: 3_748, netCentavos: 146_152, payoutsCentavos: 0 },
    });
    expect(unreachable.ours.payments).toMatchObject([{ amountCentavos: 149_900, status: "unchecked", match: null }]);
    const [, ...rows] = csvRows(settlementCsv(unreachable));
    expect(rows.map((r) => [r[0], r[6]])).toEqual([["not checked", "1499.00"]]);
    expect(unreachable.theirsError).not.toContain(paymongoKey);

    expect((await report("xendit")).theirsError).toBe("Xendit is not set up for this ISP, so only NetSphere's side is shown.");
  });
});
