import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page, type Response } from "@playwright/test";
import { DEMO_PASSWORD, signIn } from "./support/session";

/*
 * Browser defences, as a browser meets them: every page's security headers, a page that cannot be framed, a
 * forged post from our own host on another port (same site, so the session cookie goes along) refused with a
 * 403, and the Content Security Policy strict enough to matter yet breaking nothing on the main pages.
 */

test.describe.configure({ mode: "serial" });

/** A page on 127.0.0.1 under another port: what an attacker gets by running anything on the same host. */
async function startForeignSite(pages: Record<string, string>) {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(pages[req.url ?? "/"] ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function nonceOf(policy: string): string {
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, `a nonce in ${policy}`).toBeTruthy();
  return nonce!;
}

async function expectPageHeaders(response: Response | null, label: string) {
  expect(response, label).not.toBeNull();
  const headers = response!.headers();
  const policy = headers["content-security-policy"] ?? "";
  expect(policy, label).toContain("frame-ancestors 'none'");
  expect(policy, label).toContain("object-src 'none'");
  expect(policy, label).toContain("base-uri 'self'");
  expect(policy, label).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(headers["x-frame-options"], label).toBe("DENY");
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], label).toContain("camera=(self)");
  expect(headers["permissions-policy"], label).toContain("microphone=()");
  return policy;
}

/** Records every CSP violation the page reports, and errors thrown by its scripts. */
async function watchForViolations(page: Page) {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  page.on("console", (message) => {
    if (/Content Security Policy|CSP violation|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  return problems;
}

test("sign-in, staff, portal and pay pages carry the security headers, with a fresh script nonce each time", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const signInPolicy = await expectPageHeaders(await page.goto("/sign-in"), "/sign-in");
  expect(nonceOf(signInPolicy)).not.toBe(nonceOf(await expectPageHeaders(await page.goto("/sign-in"), "/sign-in again")));
  // API answers are not pages, but still are never sniffed.
  expect((await page.request.get("/api/customers/export")).headers()["x-content-type-options"]).toBe("nosniff");

  await signIn(page, "billing@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await expectPageHeaders(await page.goto("/dashboard"), "/dashboard");

  // The pay page (its not-found answer: the demo ISP has no gateway switched on, so no invoice has a pay link):
  // its buttons post to us and we redirect to the gateway, which form-action allows.
  const payPolicy = await expectPageHeaders(await page.goto("/pay/not-a-pay-token"), "/pay/<token>");
  expect(payPolicy).toContain("form-action 'self' https://checkout.stripe.com https://www.paypal.com");

  // A subscriber's portal page (the ISP's sign-in link is on any customer's page; ACC-000001 is a demo subscriber).
  await page.goto("/customers?status=active");
  await page.locator("main a[href^='/customers/']:not([href$='/new']):not([href$='/at-risk'])").last().click();
  const link = (await page.getByTestId("portal-sign-in-link").getAttribute("href"))!;
  const subscriber = await (await browser.newContext({ baseURL: new URL(page.url()).origin })).newPage();
  await subscriber.goto(new URL(link).pathname + new URL(link).search);
  await subscriber.getByLabel("Account number or email").fill("ACC-000001");
  await subscriber.getByLabel("Password").fill(DEMO_PASSWORD);
  await subscriber.getByRole("button", { name: "Sign in" }).click();
  await expect(subscriber).toHaveURL(/\/portal$/);
  await expectPageHeaders(await subscriber.goto("/portal/bills"), "/portal/bills");
});

test("a signed-in page refuses to show inside a frame on another origin", async ({ page }) => {
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  const base = new URL(page.url()).origin;
  const site = await startForeignSite({
    "/": `<!doctype html><title>Prize</title><iframe src="${base}/dashboard" width="800" height="600"></iframe>`,
  });
  try {
    const refusal = page.waitForEvent("console", (m) => /frame-ancestors/.test(m.text()));
    const framed = page.waitForResponse((r) => r.url() === `${base}/dashboard`);
    await page.goto(site.origin);
    expect((await framed).headers()["x-frame-options"]).toBe("DENY");
    // The browser's own word that it would not show the page in the frame.
    expect((await refusal).text()).toContain("frame-ancestors 'none'");
  } finally {
    await site.close();
  }
});

test("a forged post from our host on another port stores nothing, and a foreign Server Action post is a 403", async ({ page }) => {
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  const base = new URL(page.url()).origin;
  await page.goto("/customers?status=active");
  const customerPath = (await page.locator("main a[href^='/customers/']:not([href$='/new']):not([href$='/at-risk'])").last().getAttribute("href"))!;
  const target = `${base}/api${customerPath}/documents`;

  // The attack the probe found: a page elsewhere posts a document with the staff member's cookie.
  const site = await startForeignSite({
    "/": `<!doctype html><title>Invoice</title><script>
      const form = new FormData();
      form.set("kind", "contract");
      form.set("title", "Forged by another site");
      form.set("file", new Blob(["%PDF-1.4\\n1 0 obj<<>>endobj\\ntrailer<<>>\\n%%EOF\\n"], { type: "application/pdf" }), "forged.pdf");
      fetch(${JSON.stringify(target)}, { method: "POST", body: form, mode: "no-cors", credentials: "include" });
    </script>`,
  });
  try {
    const forged = page.waitForResponse((r) => r.url() === target);
    await page.goto(site.origin);
    expect((await forged).status()).toBe(403);
  } finally {
    await site.close();
  }
  await page.goto(`${customerPath}/documents`);
  await expect(page.locator("main")).toBeVisible();
  await expect(page.getByText("Forged by another site")).toHaveCount(0);

  // The same route straight from a script, with the session: 403 JSON without our Origin.
  const noOrigin = await page.request.post(target, {
    multipart: { kind: "contract", file: { name: "a.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n") } },
  });
  expect(noOrigin.status()).toBe(403);
  expect(await noOrigin.json()).toMatchObject({ ok: false, code: "forbidden" });

  // A Server Action post from elsewhere, or without an Origin, is a 403 before Next.js looks at it (it answered 500).
  const senders: Record<string, string>[] = [{ origin: "http://127.0.0.1:4444" }, { origin: "https://attacker.example" }, {}];
  for (const headers of senders) {
    const action = await page.request.post("/customers", {
      headers: { ...headers, "next-action": "7f".padEnd(42, "0"), "content-type": "text/plain;charset=UTF-8" },
      data: "[]",
    });
    expect(action.status(), JSON.stringify(headers)).toBe(403);
    expect(await action.json()).toMatchObject({ ok: false, code: "forbidden" });
  }
});

test("the main pages load and work under the CSP without a single violation", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const problems = await watchForViolations(page);
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);

  await page.goto("/customers");
  const customerPath = await page.locator('main a[href^="/customers/"]:not([href$="/new"]):not([href$="/at-risk"])').first().getAttribute("href");
  await page.goto("/routers");
  // A demo router that is online, so its traffic page streams live readings.
  const routerPath = await page.getByRole("main").getByRole("link", { name: "Tanauan-CCR1" }).getAttribute("href");
  for (const path of ["/dashboard", "/customers", customerPath!, "/billing", "/routers", `${routerPath}/traffic`, "/tickets"]) {
    await page.goto(path);
    await expect(page.locator("main"), path).toBeVisible();
    // The live graph streams over EventSource (connect-src 'self') and its chart draws with inline styles.
    if (path.endsWith("/traffic")) {
      await expect(page.getByRole("region", { name: /^Live: / }).getByText("Live", { exact: true })).toBeVisible({ timeout: 15_000 });
    }
  }

  // Hydration works: the command palette opens and finds a page.
  await page.goto("/customers");
  // A click that lands before React has attached its handlers does nothing, so it is repeated until the palette opens.
  await expect(async () => {
    await page.getByRole("button", { name: "Open command palette (Ctrl+K)" }).click();
    await expect(page.getByRole("dialog", { name: "Command palette" }).getByRole("combobox")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.keyboard.press("Escape");
  // The theme switch (next-themes' inline script carries the nonce) still works.
  await page.getByRole("button", { name: "Toggle light and dark mode" }).click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/dark/);

  const technician = await (await browser.newContext({ baseURL: new URL(page.url()).origin })).newPage();
  const fieldProblems = await watchForViolations(technician);
  await signIn(technician, "tech@demo.netsphere.ph");
  await expect(technician).toHaveURL(/\/field$/);
  await expect(technician.locator("main")).toBeVisible();

  await page.goto("/customers?status=active");
  await page.locator("main a[href^='/customers/']:not([href$='/new']):not([href$='/at-risk'])").last().click();
  const link = (await page.getByTestId("portal-sign-in-link").getAttribute("href"))!;
  const subscriber = await (await browser.newContext({ baseURL: new URL(page.url()).origin })).newPage();
  const portalProblems = await watchForViolations(subscriber);
  await subscriber.goto(new URL(link).pathname + new URL(link).search);
  await subscriber.getByLabel("Account number or email").fill("ACC-000001");
  await subscriber.getByLabel("Password").fill(DEMO_PASSWORD);
  await subscriber.getByRole("button", { name: "Sign in" }).click();
  await expect(subscriber).toHaveURL(/\/portal$/);
  await subscriber.goto("/portal/bills");
  await expect(subscriber.locator("main")).toBeVisible();

  expect([...problems, ...fieldProblems, ...portalProblems]).toEqual([]);
});
