/*
 * A data cap, end to end on a simulated router: a plan with a tiny allowance, a new subscriber on it whose CPE comes
 * online and moves traffic; the poller counts it, the cap is reached, the router's secret moves to the plan's slower
 * profile and the subscriber is told; staff give extra data and the secret comes back. Named to run after the portal
 * specs: the customer it creates would otherwise be the first active customer they pick for a portal sign-in.
 */
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { portalOnPhone, signIn, signInWithTwoFactor } from "./support/session";
import { RouterOsClient } from "@/lib/routeros/client";

/* The router side is read through the RouterOS API of the demo's first simulated router (Tanauan-CCR1). */
const routerPort = Number(process.env.DEMO_ROUTER_PORT_BASE ?? 18728);

async function profileOf(username: string): Promise<string | undefined> {
  const api = new RouterOsClient({ host: "127.0.0.1", port: routerPort, username: "netsphere", password: "demo-router-1", timeoutMs: 5000 });
  await api.connect();
  try {
    return (await api.write("/ppp/secret/print", { ".proplist": "name,profile" }, [`?name=${username}`])).rows[0]?.profile;
  } finally {
    await api.close();
  }
}

test("a subscriber who uses up a tiny allowance is slowed on the router and told, and extra data restores them", async ({ page }) => {
  test.setTimeout(360_000);
  const stamp = Date.now().toString(36);
  const username = `cap-${stamp}`;
  const planName = `Fair use ${stamp}`;
  await signInWithTwoFactor(page, "owner@demo.netsphere.ph");

  await page.goto("/plans/new");
  await page.getByLabel("Plan name").fill(planName);
  await page.getByLabel("Download (Mbps)", { exact: true }).fill("10");
  await page.getByLabel("Upload (Mbps)", { exact: true }).fill("5");
  // Dearest of the PPPoE plans, so pickers that take the first ones are not changed by it.
  await page.getByLabel("Monthly price (₱)").fill("9999");
  await page.getByLabel("Data allowance per billing cycle (GB)").fill("0.005");
  await page.getByLabel("At the cap", { exact: true }).selectOption("throttle");
  // A speed the router would refuse is refused on the field.
  await page.getByLabel("Speed at the cap").fill("fast");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByText(/Write it as the router does/)).toBeVisible();
  await page.getByLabel("Speed at the cap").fill("256k/512k");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page).toHaveURL(/\/plans(\/|$|\?)/);

  await page.goto("/customers/new");
  await page.getByLabel("Full name").fill("Mercy Dimaculangan");
  await page.getByLabel("Mobile number").fill("0917 555 0188");
  await page.getByLabel("Email", { exact: true }).fill(`mercy.${stamp}@example.ph`);
  await page.getByLabel("Create a subscription now").check();
  const planPicker = page.getByLabel("Plan", { exact: true });
  await planPicker.selectOption((await planPicker.locator("option", { hasText: planName }).getAttribute("value"))!);
  await page.getByLabel("Router").selectOption({ label: "Tanauan-CCR1" });
  await page.getByLabel("PPPoE / hotspot username").fill(username);
  await page.getByRole("button", { name: /create customer/i }).click();
  await expect(page.getByRole("heading", { name: "Mercy Dimaculangan" })).toBeVisible();
  const customerUrl = page.url();

  // Provisioned on the plan's own profile; the CPE dials in and its traffic is counted minute by minute.
  const slug = `ns-fair-use-${stamp}`;
  await expect.poll(() => profileOf(username), { timeout: 30_000, intervals: [500] }).toBe(slug);
  await expect.poll(() => profileOf(username), { timeout: 240_000, intervals: [2_000] }).toBe(`${slug}-fup`);

  await page.goto(customerUrl);
  const meter = page.getByRole("region", { name: `Data allowance of ${username}` });
  await expect(meter.getByText("At cap — slowed to 512 kbps down, 256 kbps up")).toBeVisible();
  await expectAccessible(page, "customer page with a capped subscriber");

  // The subscriber is told, once, through the outbox (the dev mailbox here).
  await expect
    .poll(
      async () => {
        await page.goto("/mailbox");
        return page.getByRole("main").getByText("You have reached your data allowance").count();
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThanOrEqual(1);

  // Extra data releases them at once: the secret is back on the plan's profile.
  await page.goto(customerUrl);
  await page.getByRole("button", { name: `Give extra data to ${username}` }).click();
  const dialog = page.getByRole("dialog", { name: `Give extra data to ${username}` });
  await dialog.getByLabel("Extra data (GB)").fill("1");
  await dialog.getByLabel("Reason").fill("Goodwill after the test");
  await dialog.getByRole("button", { name: "Give extra data" }).click();
  await expect(page.getByText(`for ${username} this cycle`)).toBeVisible();
  await expect.poll(() => profileOf(username), { timeout: 20_000, intervals: [500] }).toBe(slug);

  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  await expect(page.getByRole("region", { name: `Data allowance of ${username}` })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "scrolls sideways at 360 px").toBeLessThanOrEqual(1);
});

test("a subscriber buys extra data and chooses to pay online now: the invoice's payment page opens", async ({ page, browser }) => {
  test.setTimeout(180_000);
  // Billing staff switch card payments on (test mode: nothing leaves the machine until someone presses pay).
  await signIn(page, "billing@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/billing/gateways");
  const stripe = page.locator("form").filter({ has: page.getByLabel("Accept payments with Stripe") });
  const setStripe = async (on: boolean) => {
    await page.goto("/billing/gateways");
    // Fields take their saved values when the form hydrates: a click before that would be undone.
    await page.waitForLoadState("networkidle");
    await stripe.getByLabel("Accept payments with Stripe").setChecked(on);
    if (on) {
      await stripe.getByLabel("Publishable key").fill("pk_test_e2e");
      await stripe.getByLabel("Secret key").fill("sk_test_e2e");
      await stripe.getByLabel("Webhook signing secret").fill("whsec_e2e");
    }
    await stripe.getByRole("button", { name: "Save Stripe settings" }).click();
    await expect(page.getByText("Stripe settings saved.")).toBeVisible();
  };
  await setStripe(true);
  try {
    // A demo subscriber on the capped plan signs in to the portal.
    await page.goto("/network/analytics/top-talkers");
    const planId = await page.locator("select[name=plan] option", { hasText: "Wireless 10" }).first().getAttribute("value");
    await page.goto(`/customers?status=active&plan=${planId}`);
    await page.locator("main a[href^='/customers/']:not([href$='/new']):not([href$='/at-risk'])").first().click();
    const { phone, portal } = await portalOnPhone(page, browser);
    await portal.goto("/portal/usage");
    await portal.getByRole("radio", { name: /^5 GB for/ }).check();
    await portal.getByRole("button", { name: "Pay now online" }).click();
    // Straight to the invoice's own payment page, with the pack's price due and the card button.
    await expect(portal).toHaveURL(/\/pay\/[\w-]+$/);
    await expect(portal.getByRole("heading", { level: 1 })).toContainText(/INV-/);
    await expect(portal.getByRole("button", { name: / with Card$/ })).toBeVisible();
    await expectAccessible(portal, "payment page of a data top-up");
    // Back in the portal the pack waits for that payment.
    await portal.goto("/portal/usage");
    await expect(portal.getByText("Waiting for payment").first()).toBeVisible();
    await phone.close();
  } finally {
    await setStripe(false);
  }
});
