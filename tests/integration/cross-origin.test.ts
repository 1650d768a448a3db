/*
 * Cross-site request forgery on route handlers: a page on another origin (here our own host on another port,
 * which SameSite cookies do not stop) posts to a route with the victim's session. Each state-changing route
 * must refuse it with the JSON 403 and change nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { useTemporaryStorage } from "@/tests/support/storage";
import { sampleFiles } from "@/tests/support/sample-files";
import { requireStaffContext } from "@/lib/auth/session";
import { requirePortalContext, type PortalContext } from "@/lib/portal/context";
import { storedFiles } from "@/lib/storage/schema";
import { POST as uploadDocument } from "@/app/api/customers/[customerId]/documents/route";
import { POST as startCheckout } from "@/app/api/payments/checkout/route";
import { POST as speedTestUpload } from "@/app/api/portal/speedtest/upload/route";
import type { Connection } from "@/lib/db/connect";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));
vi.mock("@/lib/portal/context", () => ({ requirePortalContext: vi.fn() }));

const root = path.resolve(__dirname, "../..");
const server = "http://127.0.0.1:3210";
const sameSiteAttacker = "http://127.0.0.1:4444";

let conn: Connection;
let storage: ReturnType<typeof useTemporaryStorage>;
let a: Awaited<ReturnType<typeof createTenantFixture>>;
let customerId: string;

beforeAll(async () => {
  conn = await createTestDatabase();
  storage = useTemporaryStorage();
  a = await createTenantFixture(conn.db);
  customerId = (await insertCustomer(conn.db, a.tenant.id)).id;
  vi.mocked(requireStaffContext).mockResolvedValue({ ...a.ctx.owner, db: conn.db });
  vi.mocked(requirePortalContext).mockResolvedValue({ db: conn.db, tenantId: a.tenant.id, customerId } as unknown as PortalContext);
});
afterAll(async () => {
  storage?.cleanup();
  await conn?.close();
});

type Browser = { origin?: string; fetchSite?: string };
const headersOf = ({ origin, fetchSite }: Browser): Record<string, string> => ({
  ...(origin ? { origin } : {}),
  ...(fetchSite ? { "sec-fetch-site": fetchSite } : {}),
});

async function postDocument(browser: Browser) {
  const form = new FormData();
  form.set("kind", "contract");
  form.set("title", "Forged");
  form.set("file", new File([sampleFiles.pdf as Uint8Array<ArrayBuffer>], "forged.pdf", { type: "application/pdf" }));
  const request = new Request(`${server}/api/customers/${customerId}/documents`, { method: "POST", body: form, headers: headersOf(browser) });
  return uploadDocument(request, { params: Promise.resolve({ customerId }) });
}

const documentsOfCustomer = async () =>
  (
    await conn.db
      .select()
      .from(storedFiles)
      .where(and(eq(storedFiles.tenantId, a.tenant.id), eq(storedFiles.customerId, customerId)))
  ).length;

describe("a staff route refuses a change from another origin", () => {
  it.each([
    ["our host on another port", { origin: sameSiteAttacker, fetchSite: "same-site" }],
    ["another site", { origin: "https://attacker.example", fetchSite: "cross-site" }],
    ["a browser that sent no Origin", { fetchSite: "cross-site" }],
    ["a script that sent no Origin", {}],
  ])("from %s: 403 with the JSON error body, and no document is stored", async (_, browser: Browser) => {
    const before = await documentsOfCustomer();
    const response = await postDocument(browser);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringContaining("did not come from a NetSphere page"),
    });
    expect(await documentsOfCustomer()).toBe(before);
  });

  it("stores the document when the post comes from our own page", async () => {
    const before = await documentsOfCustomer();
    const response = await postDocument({ origin: server, fetchSite: "same-origin" });
    expect(response.status).toBe(201);
    expect(await documentsOfCustomer()).toBe(before + 1);
  });
});

describe("the public checkout and the portal's routes refuse a change from another origin", () => {
  const checkout = (browser: Browser) =>
    startCheckout(
      new Request(`${server}/api/payments/checkout`, {
        method: "POST",
        body: new URLSearchParams({ token: "not-a-token", method: "card" }),
        headers: headersOf(browser),
      }),
    );

  it("checkout: 403 from another origin; from the pay page the request goes on (to a 404 for this token)", async () => {
    const refused = await checkout({ origin: sameSiteAttacker, fetchSite: "same-site" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ ok: false, code: "forbidden" });
    expect((await checkout({ origin: server, fetchSite: "same-origin" })).status).toBe(404);
  });

  it("portal speed test upload: 403 from another origin, 200 from the portal itself", async () => {
    const upload = (browser: Browser) =>
      speedTestUpload(
        new Request(`${server}/api/portal/speedtest/upload`, { method: "POST", body: new Uint8Array(1000), headers: headersOf(browser) }),
        {
          params: Promise.resolve({}),
        },
      );
    const refused = await upload({ origin: "https://attacker.example", fetchSite: "cross-site" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ ok: false, code: "forbidden" });
    expect((await upload({ origin: server, fetchSite: "same-origin" })).status).toBe(200);
  });
});

/**
 * Routes that prove who calls them without a browser session: a signature, the cron secret, Better Auth's own
 * origin check, or an API key in the Authorization header (the public API: a browser never sends one by itself).
 */
const selfAuthenticating = (rel: string) =>
  rel.startsWith("app/api/webhooks/") || rel.startsWith("app/api/cron/") || rel.startsWith("app/api/v1/") || rel === "app/api/auth/[...all]/route.ts";

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [path.relative(root, full)] : [];
  });
}

describe("every state-changing route handler checks the origin", () => {
  it("goes through staffRoute or portalRoute, or calls assertSameOrigin (assertPortalSameOrigin), unless it authenticates itself", () => {
    const changing = routeFiles(path.join(root, "app")).filter((rel) =>
      /export (const|async function) (POST|PUT|PATCH|DELETE)\b/.test(fs.readFileSync(path.join(root, rel), "utf8")),
    );
    expect(changing.length).toBeGreaterThan(5);
    const unchecked = changing.filter((rel) => {
      if (selfAuthenticating(rel)) return false;
      const source = fs.readFileSync(path.join(root, rel), "utf8");
      return !/(staffRoute|portalRoute)(<[^>]*>)?\(|assert(Portal)?SameOrigin\(request\)/.test(source);
    });
    expect(unchecked).toEqual([]);
  });
});
