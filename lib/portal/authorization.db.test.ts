/*
 * Portal and staff sessions are separate, and a subscriber sees only their own records. These tests run the
 * real route handlers and actions with a cookie jar in place of the browser's (next/headers is replaced).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { createBillingTenant, insertCustomer } from "@/tests/support/billing-documents";
import { createAuth, type Auth } from "@/lib/auth/auth";
import { users } from "@/lib/auth/schema";
import { setPortalPassword } from "@/lib/portal/accounts";
import { createPortalSession } from "@/lib/portal/sessions";
import { listSpeedTests, recordSpeedTest } from "@/lib/portal/speed-tests";
import { PORTAL_COOKIE } from "@/lib/portal/rules";
import { SPEEDTEST_MAX_DOWNLOAD_BYTES, SPEEDTEST_MAX_UPLOAD_BYTES } from "@/lib/portal/speed-test-rules";
import { GET as invoicePdf } from "@/app/api/portal/invoices/[id]/pdf/route";
import { GET as receiptPdf } from "@/app/api/portal/receipts/[id]/pdf/route";
import { GET as download } from "@/app/api/portal/speedtest/download/route";
import { POST as upload } from "@/app/api/portal/speedtest/upload/route";
import { GET as ping } from "@/app/api/portal/speedtest/ping/route";
import { GET as staffDocument } from "@/app/api/billing/documents/[kind]/[id]/route";
import { saveSpeedTestAction } from "@/lib/portal/actions/speed-test";
import { portalSignInAction, portalSignOutAction } from "@/lib/portal/actions/sign-in";
import { invitePortalUserAction } from "@/lib/portal/actions/invite";
import type { Connection } from "@/lib/db/connect";

const browser = vi.hoisted(() => ({ cookies: new Map<string, string>(), options: new Map<string, Record<string, unknown>>() }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name)! } : undefined),
    set: (name: string, value: string, options: Record<string, unknown>) => {
      browser.cookies.set(name, value);
      browser.options.set(name, options);
    },
    delete: (name: string | { name: string }) => void browser.cookies.delete(typeof name === "string" ? name : name.name),
  }),
  headers: async () => new Headers({ cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "user-agent": "Vitest browser" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

let conn: Connection;
let auth: Auth;
let isp: Awaited<ReturnType<typeof createBillingTenant>>;
let other: Awaited<ReturnType<typeof createBillingTenant>>;
let mine: { customerId: string; invoiceId: string; paymentId: string; token: string };
let neighbour: { customerId: string; invoiceId: string; paymentId: string };
let otherIsp: { customerId: string; invoiceId: string; paymentId: string };
let staffCookie: [string, string];

async function customerWithBills(tenantId: string, accountNumber: string) {
  const customer = await insertCustomer(conn.db, tenantId, { accountNumber, email: `${accountNumber.toLowerCase()}@example.ph` });
  const invoice = await insertInvoice(conn.db, { tenantId, customerId: customer.id, lines: [{ amount: 1499_00 }] });
  const payment = await insertPayment(conn.db, {
    tenantId,
    customerId: customer.id,
    amount: 1499_00,
    allocateTo: [{ invoiceId: invoice.id, amount: 1499_00 }],
  });
  return { customerId: customer.id, invoiceId: invoice.id, paymentId: payment.id };
}

beforeAll(async () => {
  conn = await createTestDatabase();
  auth = createAuth(conn.db, { rateLimit: false });
  // The app's database and staff auth are this test's.
  (globalThis as { netsphereDb?: Promise<Connection> }).netsphereDb = Promise.resolve(conn);
  (globalThis as { netsphereAuth?: Promise<Auth> }).netsphereAuth = Promise.resolve(auth);
  isp = await createBillingTenant(conn.db, "Lipa Fiber");
  other = await createBillingTenant(conn.db, "Other ISP");
  const own = await customerWithBills(isp.tenant.id, "LF-0001");
  await setPortalPassword(conn.db, { tenantId: isp.tenant.id, customerId: own.customerId, password: "portal-password-1" });
  mine = { ...own, token: (await createPortalSession(conn.db, { tenantId: isp.tenant.id, customerId: own.customerId })).token };
  neighbour = await customerWithBills(isp.tenant.id, "LF-0002");
  otherIsp = await customerWithBills(other.tenant.id, "LF-0001");

  const { user } = await auth.api.signUpEmail({ body: { email: "billing@lipafiber.ph", password: "staff-password-1", name: "Billing Staff" } });
  await conn.db.update(users).set({ tenantId: isp.tenant.id, role: "billing" }).where(eq(users.id, user.id));
  const signedIn = await auth.api.signInEmail({ body: { email: "billing@lipafiber.ph", password: "staff-password-1" }, returnHeaders: true });
  const [pair] = (signedIn.headers.get("set-cookie") ?? "").split(";");
  const [name, value] = pair.split("=");
  staffCookie = [name, value];
});
afterAll(async () => conn?.close());

const asNobody = () => browser.cookies.clear();
const asSubscriber = () => {
  asNobody();
  browser.cookies.set(PORTAL_COOKIE, mine.token);
};
const asStaff = () => {
  asNobody();
  browser.cookies.set(...staffCookie);
};

const params = <P>(value: P) => ({ params: Promise.resolve(value) });
const pdf = (kind: "invoices" | "receipts", id: string) =>
  (kind === "invoices" ? invoicePdf : receiptPdf)(new Request(`http://127.0.0.1/api/portal/${kind}/${id}/pdf`), params({ id }));

describe("a subscriber's documents", () => {
  it("downloads their own invoice and receipt as PDFs", async () => {
    asSubscriber();
    const invoice = await pdf("invoices", mine.invoiceId);
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await invoice.arrayBuffer())
        .subarray(0, 5)
        .toString("latin1"),
    ).toBe("%PDF-");
    expect((await pdf("receipts", mine.paymentId)).status).toBe(200);
  });

  it("gets a 404 for a neighbour's or another ISP's invoice and receipt, and for made-up ids", async () => {
    asSubscriber();
    for (const id of [neighbour.invoiceId, otherIsp.invoiceId, mine.paymentId, "not-a-uuid"]) {
      const response = await pdf("invoices", id);
      expect(response.status, id).toBe(404);
      expect(await response.json()).toMatchObject({ ok: false, code: "not_found" });
    }
    for (const id of [neighbour.paymentId, otherIsp.paymentId, mine.invoiceId]) expect((await pdf("receipts", id)).status, id).toBe(404);
  });
});

describe("portal and staff sessions stay apart", () => {
  it("without a portal session the portal answers 401, even to a signed-in staff member", async () => {
    for (const who of [asNobody, asStaff]) {
      who();
      const response = await pdf("invoices", mine.invoiceId);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, code: "unauthenticated" });
      expect((await ping(new Request("http://127.0.0.1/api/portal/speedtest/ping"), params({}))).status).toBe(401);
      expect(await saveSpeedTestAction({ downloadKbps: 1, uploadKbps: 1, latencyMs: 1, jitterMs: 0 })).toMatchObject({
        ok: false,
        code: "unauthenticated",
      });
    }
  });

  it("a portal session opens no staff route or action; a staff session does", async () => {
    asStaff();
    expect(
      (
        await staffDocument(
          new Request(`http://127.0.0.1/api/billing/documents/invoice/${mine.invoiceId}`),
          params({ kind: "invoice", id: mine.invoiceId }),
        )
      ).status,
    ).toBe(200);
    asSubscriber();
    const refused = await staffDocument(
      new Request(`http://127.0.0.1/api/billing/documents/invoice/${mine.invoiceId}`),
      params({ kind: "invoice", id: mine.invoiceId }),
    );
    expect(refused.status).toBe(401);
    expect(await invitePortalUserAction({ customerId: mine.customerId })).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("signing in sets an httpOnly portal cookie for that subscriber only; signing out ends it", async () => {
    asNobody();
    const wrong = await portalSignInAction({ isp: isp.tenant.id, identifier: "LF-0001", password: "not-it-at-all" });
    expect(wrong).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(browser.cookies.has(PORTAL_COOKIE)).toBe(false);
    // Right password, wrong ISP: the same account number elsewhere is someone else.
    expect(await portalSignInAction({ isp: other.tenant.id, identifier: "LF-0001", password: "portal-password-1" })).toMatchObject({ ok: false });
    expect(await portalSignInAction({ isp: isp.tenant.id, identifier: "lf-0001", password: "portal-password-1" })).toEqual({
      ok: true,
      data: { redirectTo: "/portal" },
    });
    expect(browser.options.get(PORTAL_COOKIE)).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", expires: expect.any(Date) });
    expect((await pdf("invoices", mine.invoiceId)).status).toBe(200);
    expect((await pdf("invoices", otherIsp.invoiceId)).status).toBe(404);
    await portalSignOutAction({});
    expect(browser.cookies.has(PORTAL_COOKIE)).toBe(false);
  });
});

describe("speed test endpoints", () => {
  it("send exactly the bytes asked for, random and uncached, up to the cap", async () => {
    asSubscriber();
    const response = await download(new Request("http://127.0.0.1/api/portal/speedtest/download?bytes=200000"), params({}));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(response.headers.get("content-encoding")).toBe("identity");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(200000);
    expect(new Set(bytes.subarray(0, 4096)).size).toBeGreaterThan(200);
    for (const size of [String(SPEEDTEST_MAX_DOWNLOAD_BYTES + 1), "0", "-5", "abc"]) {
      const refused = await download(new Request(`http://127.0.0.1/api/portal/speedtest/download?bytes=${size}`), params({}));
      expect(refused.status, size).toBe(422);
      expect(await refused.json()).toMatchObject({ ok: false, code: "validation", fieldErrors: { bytes: [expect.any(String)] } });
    }
  });

  it("count and discard uploads up to the cap and refuse larger ones", async () => {
    asSubscriber();
    const ok = await upload(
      new Request("http://127.0.0.1/api/portal/speedtest/upload", {
        method: "POST",
        body: new Uint8Array(300_000),
        headers: { origin: "http://127.0.0.1" },
      }),
      params({}),
    );
    expect(await ok.json()).toEqual({ ok: true, bytes: 300_000 });
    const declared = await upload(
      new Request("http://127.0.0.1/api/portal/speedtest/upload", {
        method: "POST",
        body: new Uint8Array(10),
        headers: { "content-length": String(SPEEDTEST_MAX_UPLOAD_BYTES + 1), origin: "http://127.0.0.1" },
      }),
      params({}),
    );
    expect(declared.status).toBe(413);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent <= SPEEDTEST_MAX_UPLOAD_BYTES; sent += 1024 * 1024) controller.enqueue(new Uint8Array(1024 * 1024));
        controller.close();
      },
    });
    const chunked = await upload(
      new Request("http://127.0.0.1/api/portal/speedtest/upload", {
        method: "POST",
        body: streamed,
        duplex: "half",
        headers: { origin: "http://127.0.0.1" },
      } as RequestInit),
      params({}),
    );
    expect(chunked.status).toBe(413);
    expect((await ping(new Request("http://127.0.0.1/api/portal/speedtest/ping"), params({}))).status).toBe(200);
  });

  it("stores results for the subscriber only; others' and bad values are never mixed in", async () => {
    asSubscriber();
    expect(await saveSpeedTestAction({ downloadKbps: 48_500, uploadKbps: 23_900, latencyMs: 12.5, jitterMs: 1.2 })).toMatchObject({ ok: true });
    expect(await saveSpeedTestAction({ downloadKbps: -1, uploadKbps: 1, latencyMs: 1, jitterMs: 0 })).toMatchObject({
      ok: false,
      code: "validation",
      fieldErrors: { downloadKbps: [expect.any(String)] },
    });
    await recordSpeedTest(
      conn.db,
      { tenantId: isp.tenant.id, customerId: neighbour.customerId },
      { downloadKbps: 1, uploadKbps: 1, latencyMs: 1, jitterMs: 1 },
    );
    const tests = await listSpeedTests(conn.db, { tenantId: isp.tenant.id, customerId: mine.customerId, limit: 10 });
    expect(tests.map((t) => [t.downloadKbps, t.uploadKbps, t.latencyMs, t.jitterMs, t.userAgent])).toEqual([
      [48_500, 23_900, 12.5, 1.2, "Vitest browser"],
    ]);
    expect(await listSpeedTests(conn.db, { tenantId: other.tenant.id, customerId: mine.customerId, limit: 10 })).toEqual([]);
  });
});
