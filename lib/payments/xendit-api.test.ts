import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clock } from "@/lib/core/clock";
import {
  createInvoice,
  createQrCode,
  createRefund,
  expireInvoice,
  fromXenditAmount,
  getInvoice,
  listTransactions,
  parseXenditCallback,
  toXenditAmount,
  verifyXenditCallback,
  XenditApiError,
  xenditBaseUrlProblem,
  type XenditAccount,
} from "@/lib/payments/xendit-api";
import { startFakeXendit } from "@/tests/support/fake-xendit";

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A loopback endpoint standing in for NetSphere's callback route: it keeps what Xendit posts. */
async function startCallbackReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/xendit`,
    received,
    last: () => received.at(-1)!,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function rejection(promise: Promise<unknown>): Promise<XenditApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(XenditApiError);
  return error as XenditApiError;
}

const secretKey = `xnd_development_${randomBytes(24).toString("base64url")}`;
const callbackToken = randomBytes(24).toString("hex");
let fake: Awaited<ReturnType<typeof startFakeXendit>>;
let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
let account: XenditAccount;

beforeAll(async () => {
  process.env.OUTBOUND_ALLOWED_HOSTS = "127.0.0.1";
  receiver = await startCallbackReceiver();
  fake = await startFakeXendit({ secretKey, callbackToken, callbackUrl: receiver.url, refundSettleMs: null });
  account = { secretKey, apiBaseUrl: fake.url };
});
afterAll(async () => {
  await fake?.stop();
  await receiver?.stop();
});

const invoiceInput = (overrides: Partial<Parameters<typeof createInvoice>[1]> = {}) => ({
  externalId: randomUUID(),
  amount: 149950,
  currency: "PHP",
  description: "Fiber 100 Mbps, December",
  channels: ["GCASH", "PAYMAYA", "QRPH"] as ("GCASH" | "PAYMAYA" | "GRABPAY" | "QRPH")[],
  successUrl: "https://isp.example/pay/done",
  failureUrl: "https://isp.example/pay/cancelled",
  durationSeconds: 3600,
  customer: { name: "Juan dela Cruz", email: "juan@example.ph" },
  ...overrides,
});

describe("Xendit invoices", () => {
  it("creates an invoice with Basic auth, the amount in decimal pesos and only the chosen channels", async () => {
    const before = fake.requests.length;
    const input = invoiceInput();
    const invoice = await createInvoice(account, input);

    const sent = fake.requests.slice(before).find((r) => r.path === "/v2/invoices")!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${secretKey}:`).toString("base64")}`);
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({
      external_id: input.externalId,
      amount: 1499.5,
      currency: "PHP",
      payment_methods: ["GCASH", "PAYMAYA", "QRPH"],
      success_redirect_url: input.successUrl,
      failure_redirect_url: input.failureUrl,
      invoice_duration: 3600,
      customer: { given_names: "Juan dela Cruz", email: "juan@example.ph" },
    });
    expect(sent.body).toContain('"amount":1499.5');
    expect(invoice).toMatchObject({
      externalId: input.externalId,
      status: "PENDING",
      amount: 149950,
      paidAmount: null,
      currency: "PHP",
      feeCentavos: null,
    });
    expect(invoice.invoiceUrl).toBe(`${fake.url}/web/${invoice.id}`);
    expect(invoice.expiresAt!.getTime()).toBeGreaterThan(clock.ms() + 3500_000);
  });

  it("is paid with a button on the hosted page: callback with the token, 303 to the success URL, read back PAID with Xendit's fee", async () => {
    const invoice = await createInvoice(account, invoiceInput());
    const page = await (await fetch(invoice.invoiceUrl)).text();
    expect(page).toContain(">Pay with GCash</button>");
    expect(page).toContain(">Pay with Maya</button>");
    expect(page).toContain(">Pay with QR Ph</button>");
    expect(page).not.toContain("Pay with GrabPay");
    expect(page).toContain('href="https://isp.example/pay/cancelled"');

    const click = await fetch(`${fake.url}/web/${invoice.id}/pay`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "channel=GCASH",
      redirect: "manual",
    });
    expect(click.status).toBe(303);
    expect(click.headers.get("location")).toBe("https://isp.example/pay/done");

    const callback = receiver.last();
    expect(verifyXenditCallback(String(callback.headers["x-callback-token"]), callbackToken)).toBe(true);
    const parsed = parseXenditCallback(callback.body);
    expect(parsed).toMatchObject({ kind: "invoice", id: invoice.id, invoice: { status: "PAID", paidAmount: 149950, paymentChannel: "GCASH" } });

    const paid = await getInvoice(account, invoice.id);
    // 2.3% of ₱1,499.50 is ₱34.49, plus 12% VAT on that fee (₱4.14).
    expect(paid).toMatchObject({ status: "PAID", paidAmount: 149950, paymentChannel: "GCASH", paymentMethod: "EWALLET", feeCentavos: 3863 });
    expect(paid.paidAt).toBeInstanceOf(Date);
    expect(paid.paymentId).toBeTruthy();
    expect(parsed?.kind === "invoice" && parsed.invoice.feeCentavos).toBe(3863);
  });

  it("expires a pending invoice, and its page then says so instead of offering buttons", async () => {
    const invoice = await createInvoice(account, invoiceInput());
    await expireInvoice(account, invoice.id);
    expect((await getInvoice(account, invoice.id)).status).toBe("EXPIRED");
    const page = await (await fetch(invoice.invoiceUrl)).text();
    expect(page).toContain("has expired");
    expect(page).not.toContain("<button");
  });

  it("refuses an amount below the channels' minimum with Xendit's error code", async () => {
    const error = await rejection(createInvoice(account, invoiceInput({ amount: 50 })));
    expect(error).toMatchObject({ status: 400, code: "AMOUNT_BELOW_MINIMUM_LIMIT" });
  });
});

describe("Xendit QR Ph codes", () => {
  it("creates a dynamic QR Ph code with a QR string and expiry; the same idempotency key answers with the same code", async () => {
    const expiresAt = new Date(clock.ms() + 15 * 60_000);
    const input = { referenceId: randomUUID(), amount: 50000, currency: "PHP", expiresAt, idempotencyKey: randomUUID() };
    const before = fake.requests.length;
    const qr = await createQrCode(account, input);

    const sent = fake.requests.slice(before).find((r) => r.path === "/qr_codes")!;
    expect(sent.headers["api-version"]).toBe("2022-07-31");
    expect(sent.headers["idempotency-key"]).toBe(input.idempotencyKey);
    expect(JSON.parse(sent.body)).toMatchObject({
      reference_id: input.referenceId,
      type: "DYNAMIC",
      channel_code: "QRPH",
      currency: "PHP",
      amount: 500,
    });
    expect(qr.qrString.length).toBeGreaterThan(20);
    expect(qr.expiresAt.getTime()).toBe(expiresAt.getTime());
    expect(qr.status).toBe("ACTIVE");
    expect((await createQrCode(account, input)).id).toBe(qr.id);

    const { payment } = await fake.payQr(qr.id);
    expect(parseXenditCallback(receiver.last().body)).toMatchObject({
      kind: "qr_payment",
      id: payment.id,
      paymentId: payment.id,
      qrId: qr.id,
      referenceId: input.referenceId,
      status: "SUCCEEDED",
      amount: 50000,
      currency: "PHP",
      fee: null,
    });
  });

  it("refuses an amount under QR Ph's minimum", async () => {
    const input = { referenceId: randomUUID(), amount: 99, currency: "PHP", expiresAt: new Date(clock.ms() + 60_000), idempotencyKey: randomUUID() };
    expect(await rejection(createQrCode(account, input))).toMatchObject({ status: 400, code: "API_VALIDATION_ERROR" });
  });
});

describe("Xendit refunds", () => {
  async function paidInvoice() {
    const invoice = await createInvoice(account, invoiceInput());
    await fake.payInvoice(invoice.id, { channel: "PAYMAYA" });
    return invoice;
  }
  const refundInput = (invoiceId: string, amount: number) => ({
    invoiceId,
    referenceId: randomUUID(),
    amount,
    currency: "PHP",
    reason: "REQUESTED_BY_CUSTOMER" as const,
    idempotencyKey: randomUUID(),
  });

  it("is pending, then succeeds with a refund.succeeded callback; more than what is left is refused", async () => {
    const invoice = await paidInvoice();
    const refund = await createRefund(account, refundInput(invoice.id, 50000));
    expect(refund).toEqual({ id: expect.stringMatching(/^rfd-/), status: "PENDING", amount: 50000, failureCode: null });

    await fake.settleRefund(refund.id, "SUCCEEDED");
    expect(receiver.last().headers["x-callback-token"]).toBe(callbackToken);
    expect(parseXenditCallback(receiver.last().body)).toEqual({
      kind: "refund",
      id: refund.id,
      refundId: refund.id,
      status: "SUCCEEDED",
      amount: 50000,
      failureCode: null,
    });

    const error = await rejection(createRefund(account, refundInput(invoice.id, 100000)));
    expect(error).toMatchObject({ status: 400, code: "REFUND_AMOUNT_EXCEEDED" });
    expect((await createRefund(account, refundInput(invoice.id, 99950))).status).toBe("PENDING");
  });

  it("reports a failed refund with its failure code", async () => {
    const invoice = await paidInvoice();
    const refund = await createRefund(account, refundInput(invoice.id, 149950));
    await fake.settleRefund(refund.id, "FAILED");
    expect(parseXenditCallback(receiver.last().body)).toMatchObject({
      kind: "refund",
      refundId: refund.id,
      status: "FAILED",
      failureCode: "REFUND_FAILED",
    });
  });

  it("settles by itself after a short delay when the test does not", async () => {
    const own = await startCallbackReceiver();
    const auto = await startFakeXendit({ secretKey, callbackToken, callbackUrl: own.url, refundSettleMs: 20 });
    try {
      const autoAccount = { secretKey, apiBaseUrl: auto.url };
      const invoice = await createInvoice(autoAccount, invoiceInput());
      await auto.payInvoice(invoice.id, { channel: "QRPH" });
      const refund = await createRefund(autoAccount, refundInput(invoice.id, 1000));
      await expect
        .poll(() => own.received.map((r) => parseXenditCallback(r.body)).find((c) => c?.kind === "refund"))
        .toMatchObject({ refundId: refund.id, status: "SUCCEEDED" });
    } finally {
      await auto.stop();
      await own.stop();
    }
  });
});

describe("Xendit transactions", () => {
  it("lists payments and refunds with fees across pages of 50, following after_id", async () => {
    const own = await startFakeXendit({ secretKey, callbackToken, refundSettleMs: null });
    try {
      const ownAccount = { secretKey, apiBaseUrl: own.url };
      const since = new Date(clock.ms() - 60_000);
      const first = await createInvoice(ownAccount, invoiceInput({ amount: 100000 }));
      await own.payInvoice(first.id, { channel: "QRPH" });
      for (let i = 0; i < 54; i++) {
        const invoice = await createInvoice(ownAccount, invoiceInput({ amount: 10000 + i }));
        await own.payInvoice(invoice.id, { channel: "GCASH" });
      }
      const refund = await createRefund(ownAccount, {
        invoiceId: first.id,
        referenceId: "r-1",
        amount: 20000,
        currency: "PHP",
        reason: "DUPLICATE",
        idempotencyKey: randomUUID(),
      });
      await own.settleRefund(refund.id, "SUCCEEDED");

      const list = await listTransactions(ownAccount, { since, until: new Date(clock.ms() + 60_000) });
      expect(list).toHaveLength(56);
      expect(new Set(list.map((t) => t.id)).size).toBe(56);
      const pages = own.requests.filter((r) => r.path.startsWith("/transactions"));
      expect(pages).toHaveLength(2);
      expect(new URL(pages[1].path, own.url).searchParams.get("after_id")).toBe(list[49].id);

      const payment = list.find((t) => t.type === "PAYMENT" && t.productId === first.id)!;
      // 1.4% of ₱1,000 is ₱14.00, plus 12% VAT (₱1.68).
      expect(payment).toMatchObject({
        status: "SUCCESS",
        channelCode: "QRPH",
        amount: 100000,
        fee: 1568,
        net: 98432,
        currency: "PHP",
        settlementStatus: "PENDING",
      });
      expect(payment.settledAt).toBeNull();
      expect(list.find((t) => t.type === "REFUND")).toMatchObject({ productId: refund.id, amount: 20000, fee: 0, net: 20000 });
    } finally {
      await own.stop();
    }
  });
});

describe("Xendit callbacks", () => {
  it("checks the x-callback-token in constant time: right, wrong, missing and of another length", () => {
    expect(verifyXenditCallback(callbackToken, callbackToken)).toBe(true);
    expect(
      verifyXenditCallback(
        callbackToken.replace(/.$/, (c) => (c === "0" ? "1" : "0")),
        callbackToken,
      ),
    ).toBe(false);
    expect(verifyXenditCallback(null, callbackToken)).toBe(false);
    expect(verifyXenditCallback("", callbackToken)).toBe(false);
    expect(verifyXenditCallback(`${callbackToken}x`, callbackToken)).toBe(false);
    expect(verifyXenditCallback("short", callbackToken)).toBe(false);
    expect(verifyXenditCallback(callbackToken, "")).toBe(false);
  });

  it("parses an invoice callback, a QR payment and a refund outcome, and nothing else", () => {
    const invoice = parseXenditCallback(
      JSON.stringify({
        id: "579c8d61f23fa4ca35e52da4",
        external_id: "pr-1",
        user_id: "5781d19b2e2385880609791c",
        is_high: false,
        payment_method: "EWALLET",
        status: "PAID",
        merchant_name: "Fiber ISP",
        amount: 1499.5,
        paid_amount: 1499.5,
        paid_at: "2026-12-01T08:15:03.404Z",
        adjusted_received_amount: 1460.87,
        fees_paid_amount: 0,
        currency: "PHP",
        payment_channel: "GCASH",
        payment_destination: "GCASH",
        payment_id: "ewc_1",
      }),
    );
    expect(invoice).toMatchObject({
      kind: "invoice",
      id: "579c8d61f23fa4ca35e52da4",
      invoice: {
        externalId: "pr-1",
        status: "PAID",
        amount: 149950,
        feeCentavos: 3863,
        paidAt: new Date("2026-12-01T08:15:03.404Z"),
        invoiceUrl: "",
      },
    });
    const qr = parseXenditCallback(
      JSON.stringify({
        event: "qr.payment",
        api_version: "2022-07-31",
        data: {
          id: "qrpy_1",
          qr_id: "qr_1",
          reference_id: "pr-2",
          status: "SUCCEEDED",
          amount: 500,
          currency: "PHP",
          created: "2026-12-01T08:00:00Z",
        },
      }),
    );
    expect(qr).toEqual({
      kind: "qr_payment",
      id: "qrpy_1",
      qrId: "qr_1",
      referenceId: "pr-2",
      paymentId: "qrpy_1",
      status: "SUCCEEDED",
      amount: 50000,
      currency: "PHP",
      paidAt: new Date("2026-12-01T08:00:00Z"),
      fee: null,
    });
    const refund = parseXenditCallback(
      JSON.stringify({ event: "refund.failed", data: { id: "rfd-1", amount: "10000", failure_code: "INSUFFICIENT_BALANCE" } }),
    );
    expect(refund).toEqual({
      kind: "refund",
      id: "rfd-1",
      refundId: "rfd-1",
      status: "FAILED",
      amount: 1000000,
      failureCode: "INSUFFICIENT_BALANCE",
    });

    expect(parseXenditCallback("not json")).toBeNull();
    expect(parseXenditCallback("null")).toBeNull();
    expect(parseXenditCallback(JSON.stringify({ event: "payment.capture", data: { id: "x" } }))).toBeNull();
    expect(parseXenditCallback(JSON.stringify({ id: "inv", status: "PAID" }))).toBeNull();
    expect(parseXenditCallback(JSON.stringify({ event: "qr.payment", data: { id: "qrpy_2", amount: 1.005 } }))).toBeNull();
  });
});

describe("Xendit transport", () => {
  it("answers a wrong key with 401 INVALID_API_KEY and never repeats the key", async () => {
    const wrongKey = `xnd_development_${randomBytes(24).toString("base64url")}`;
    const error = await rejection(getInvoice({ secretKey: wrongKey, apiBaseUrl: fake.url }, "579c8d61f23fa4ca35e52da4"));
    expect(error).toMatchObject({ status: 401, code: "INVALID_API_KEY" });
    expect(`${error.message} ${error.detail} ${JSON.stringify(error)}`).not.toContain(wrongKey);
  });

  it("refuses a loopback base URL the operator has not allowed, before any request", async () => {
    const before = fake.requests.length;
    const allowed = process.env.OUTBOUND_ALLOWED_HOSTS;
    process.env.OUTBOUND_ALLOWED_HOSTS = "";
    try {
      expect(await rejection(getInvoice(account, "579c8d61f23fa4ca35e52da4"))).toMatchObject({ status: 503, code: "REFUSED_HOST" });
      expect(xenditBaseUrlProblem(fake.url)).toContain("https://api.xendit.co");
    } finally {
      process.env.OUTBOUND_ALLOWED_HOSTS = allowed;
    }
    expect(fake.requests.length).toBe(before);
    expect(xenditBaseUrlProblem("https://api.xendit.co")).toBeNull();
  });

  it("reports a host that does not answer as UNREACHABLE", async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await rejection(getInvoice({ secretKey, apiBaseUrl: `http://127.0.0.1:${port}` }, "x"))).toMatchObject({
      status: 503,
      code: "UNREACHABLE",
    });
  });
});

describe("Xendit amounts", () => {
  it.each([
    [149900, 1499],
    [149950, 1499.5],
    [149999, 1499.99],
    [1, 0.01],
    [0, 0],
    [123456789012, 1234567890.12],
  ])("%i centavos are sent as %d", (centavos, pesos) => {
    expect(toXenditAmount(centavos)).toBe(pesos);
    expect(fromXenditAmount(pesos)).toBe(centavos);
  });

  it("refuses fractions of a centavo both ways", () => {
    expect(() => toXenditAmount(1.5)).toThrow(RangeError);
    expect(() => toXenditAmount(Number.NaN)).toThrow(RangeError);
    expect(() => fromXenditAmount(1499.005)).toThrow(RangeError);
    expect(() => fromXenditAmount(0.1 + 0.2)).toThrow(RangeError);
    expect(() => fromXenditAmount(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(fromXenditAmount(19.99)).toBe(1999);
    expect(fromXenditAmount(0.07)).toBe(7);
  });
});
