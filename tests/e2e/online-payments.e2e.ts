/*
 * A subscriber cut off for not paying pays from their phone with GCash (PayMongo, here a loopback fake that
 * behaves like it: hosted checkout page, signed webhooks) and is back online on the simulated router; billing
 * staff then refund the payment through PayMongo. The fake runs in this test process on 127.0.0.1; the app
 * reaches it because the e2e server allows loopback (OUTBOUND_ALLOWED_HOSTS in tests/e2e/run.ts).
 */
import { expect, test, type Page } from "@playwright/test";
import { portalOnPhone, signIn } from "./support/session";
import { expectAccessible } from "./support/a11y";
import { RouterOsClient } from "@/lib/routeros/client";
import { startFakePaymongo } from "@/tests/support/fake-paymongo";

const demoRouters: Record<string, { port: number; password: string }> = {
  "Tanauan-CCR1": { port: 18728, password: "demo-router-1" },
  "Lipa-CCR2": { port: 18729, password: "demo-router-2" },
  "Santo-CCR3": { port: 18730, password: "demo-router-3" },
};
const routerPort = (name: string) => demoRouters[name].port + (Number(process.env.DEMO_ROUTER_PORT_BASE ?? 18728) - 18728);

/** The PPP secret's profile as the router itself has it. */
async function profileOn(routerName: string, username: string) {
  const api = new RouterOsClient({ host: "127.0.0.1", port: routerPort(routerName), username: "netsphere", password: demoRouters[routerName].password, timeoutMs: 5000 });
  await api.connect();
  try {
    return (await api.write("/ppp/secret/print", { ".proplist": "name,profile" }, [`?name=${username}`])).rows[0]?.profile;
  } finally {
    await api.close();
  }
}

const SECRET_KEY = "sk_test_e2eGcash0001";

/** The gateways page once its forms have hydrated: react-hook-form sets each field's saved value when it attaches. */
async function gatewaysPage(page: Page) {
  await page.goto("/billing/gateways");
  await page.waitForLoadState("networkidle");
  return page.locator("form").filter({ has: page.getByLabel("Accept payments with PayMongo") });
}

/** PayMongo switched on or off; with `apiBaseUrl`, its keys typed in too. */
async function setPaymongo(page: Page, { on, apiBaseUrl }: { on: boolean; apiBaseUrl?: string }) {
  const form = await gatewaysPage(page);
  await form.getByLabel("Accept payments with PayMongo").setChecked(on);
  if (apiBaseUrl !== undefined) {
    await form.getByLabel("API base URL (optional)").fill(apiBaseUrl);
    await form.getByLabel("Public key").fill("pk_test_e2eGcash0001");
    await form.getByLabel("Secret key").fill(SECRET_KEY);
  }
  return form;
}

test("a suspended subscriber pays an overdue bill with GCash on their phone and is back online; billing refunds it through PayMongo", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const fake = await startFakePaymongo({ secretKey: SECRET_KEY });
  await signIn(page, "billing@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  try {
    // Keys first (switched off), then NetSphere registers its webhook on PayMongo and keeps the secret, then on.
    let form = await setPaymongo(page, { on: false, apiBaseUrl: fake.url });
    await form.getByRole("button", { name: "Save PayMongo settings" }).click();
    // The first billing pass may still be running on a freshly started server.
    await expect(page.getByText("PayMongo settings saved.")).toBeVisible({ timeout: 30_000 });
    form = await gatewaysPage(page);
    await form.getByRole("button", { name: /^Register the webhook/ }).click();
    await expect(page.getByText("Webhook registered on PayMongo; its secret is saved.")).toBeVisible();
    form = await gatewaysPage(page);
    await form.getByLabel("Accept payments with PayMongo").setChecked(true);
    await form.getByRole("button", { name: "Save PayMongo settings" }).click();
    await expect(page.getByText("PayMongo settings saved.")).toBeVisible();
    await expectAccessible(page, "payment gateways page");

    // A subscriber suspended for not paying, and their service on the router.
    await page.goto("/customers?status=suspended");
    const profiles = await page.locator('main table a[href^="/customers/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    let found = false;
    for (const profile of profiles.slice(-10).reverse()) {
      await page.goto(profile);
      if (await page.getByText(/Suspended: Overdue/).count()) {
        found = true;
        break;
      }
    }
    expect(found, "a demo subscriber suspended for non-payment").toBe(true);
    const service = (await page.getByText(/ · (Tanauan-CCR1|Lipa-CCR2|Santo-CCR3) · since /).first().textContent())!;
    const [, username, routerName] = service.match(/^(\S+) · (\S+) · since/)!;
    // On the router, off its plan (a server just started reconciles its routers within a minute).
    await expect.poll(() => profileOn(routerName, username), { timeout: 90_000, intervals: [1000] }).toMatch(/^(?!ns-)\S+$/);

    // On a phone: the portal, the overdue bill, "Pay with GCash".
    const { phone, portal } = await portalOnPhone(page, browser);
    const everything = portal.getByRole("button", { name: "Pay your whole balance with GCash" });
    const pay = (await everything.count()) > 0 ? everything : portal.getByRole("button", { name: /^Pay invoice INV-\S+ with GCash$/ }).first();
    await expect(pay).toBeVisible();
    await pay.click();

    // PayMongo's checkout page (the fake's), then back to our page, which says what our records say.
    await expect(portal).toHaveURL(new RegExp(`^${fake.url}/checkout/`));
    const paidAt = Date.now();
    await portal.getByRole("button", { name: "Pay with GCash" }).click();
    await expect(portal).toHaveURL(/\/pay\/status\/[\w-]{86}$/);
    await expect(portal.getByRole("status")).toContainText(/Paid — thank you\. Official receipt OR-\d{4}-\d{6}/);
    await expectAccessible(portal, "payment status page");
    const overflow = await portal.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the status page scrolls sideways at 360 px").toBeLessThanOrEqual(1);

    // Back on the plan's profile on the router within seconds of paying.
    await expect.poll(() => profileOn(routerName, username), { timeout: 15_000, intervals: [250] }).toMatch(/^ns-/);
    expect(Date.now() - paidAt).toBeLessThan(15_000);
    await phone.close();

    // Billing staff refund it through PayMongo; the credit note follows PayMongo's confirmation.
    await page.goto("/billing/payments");
    const row = page.locator("main table tbody tr").filter({ hasText: "GCash" }).first();
    await expect(row.locator("td").nth(4)).toContainText(/₱[\d,]+\.\d{2}/);
    await row.getByRole("button", { name: "Refund" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Amount/).fill("100.00");
    await dialog.getByLabel(/Reason/).fill("Goodwill credit for the outage");
    await dialog.getByRole("button", { name: "Refund through PayMongo" }).click();
    await expect(page.getByText(/Refund sent to PayMongo|PayMongo refunded it/)).toBeVisible();
    expect(fake.refundsLog.some((r) => JSON.stringify(r).includes("10000"))).toBe(true);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator("main table tbody tr").filter({ hasText: "GCash" }).first().innerText();
        },
        { timeout: 15_000, intervals: [500] },
      )
      .toMatch(/₱100\.00 refunded/);
    // The receipt shows the refund as PayMongo confirmed it.
    await page.locator("main table tbody tr").filter({ hasText: "GCash" }).first().getByRole("link", { name: /^OR-/ }).click();
    const refunds = page.getByRole("region", { name: "Refunds sent to PayMongo" });
    await expect(refunds).toContainText("Refunded");
    await expect(refunds).toContainText("Goodwill credit for the outage");
    await expectAccessible(page, "receipt with a gateway refund");
  } finally {
    // Switched off again for the other tests (a failure above stays the one reported).
    await setPaymongo(page, { on: false })
      .then((form) => form.getByRole("button", { name: "Save PayMongo settings" }).click())
      .catch(() => undefined);
    await fake.stop();
  }
});
