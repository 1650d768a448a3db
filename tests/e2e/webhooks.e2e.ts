/*
 * An admin connects the ISP's own system to NetSphere's events: adds an endpoint pointing at a receiver on 127.0.0.1
 * (tests/support/webhook-receiver.ts, run in this test process; the e2e server may call loopback addresses:
 * OUTBOUND_ALLOWED_HOSTS in tests/e2e/run.ts), copies the signing secret, adds a customer, and sees the delivery
 * "Delivered" in the log; the receiver verifies the signature with the reference Standard Webhooks library.
 */
import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { signInWithTwoFactor } from "./support/session";
import { expectAccessible } from "./support/a11y";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";

let receiver: WebhookReceiver;
test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
test.afterAll(async () => receiver?.stop());

async function worksAtPhoneWidth(page: Page, path: string) {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(path);
  await expect(page.locator("main")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${path} scrolls sideways at 360 px`).toBeLessThanOrEqual(1);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("an admin adds a webhook endpoint, copies its secret, adds a customer and sees the signed event delivered", async ({ page, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInWithTwoFactor(page, "admin@demo.netsphere.ph");

  await page.goto("/settings/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expectAccessible(page, "/settings/webhooks (no endpoints)");

  // A private address is refused on the field, and nothing is saved.
  await page.getByRole("button", { name: "Add an endpoint" }).first().click();
  let dialog = page.getByRole("dialog", { name: "Add an endpoint" });
  await dialog.getByLabel("Endpoint URL").fill("https://10.1.2.3/hooks");
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  await expect(dialog.getByText(/private network/)).toBeVisible();
  await expectAccessible(page, "the add endpoint dialog");

  const url = receiver.hookUrl("books");
  await dialog.getByLabel("Endpoint URL").fill(url);
  await dialog.getByLabel("Description (optional)").fill("Accounting system");
  // Only customers: untick "all events", tick one.
  await dialog.getByLabel("Send all events (also ones added later)").uncheck();
  await dialog.getByRole("checkbox", { name: /customer\.created/ }).check();
  await dialog.getByRole("button", { name: "Add endpoint" }).click();

  dialog = page.getByRole("dialog", { name: "Signing secret" });
  const secretField = dialog.getByLabel("Signing secret");
  const secret = await secretField.inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByText("Signing secret copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await expectAccessible(page, "the signing secret dialog");
  await dialog.getByRole("button", { name: "I have copied it" }).click();
  await expect(dialog).toBeHidden();

  const endpointLink = page.getByRole("link", { name: url });
  await expect(endpointLink).toBeVisible();
  await expect(page.getByRole("row").filter({ has: endpointLink })).toContainText("customer.created");
  const endpointPath = (await endpointLink.getAttribute("href"))!;

  // A new customer is the event this endpoint takes.
  const name = `Webhook Test ${Date.now().toString(36)}`;
  await page.goto("/customers/new");
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Mobile number").fill("0917 555 0199");
  await page.getByRole("button", { name: /create customer/i }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const account = (await page.locator("main").innerText()).match(/ACC-\d+/)![0];

  // Sent within seconds of the commit, not at the next run of the job.
  await expect.poll(() => receiver.hooksOf("books").length, { timeout: 20_000 }).toBe(1);
  const [hook] = receiver.hooksOf("books");
  const body = new Webhook(secret).verify(hook.body, hook.headers) as { type: string; data: { name: string; accountNumber: string } };
  expect(body).toMatchObject({ type: "customer.created", data: { name, accountNumber: account, source: "staff" } });

  await page.goto(endpointPath);
  const row = page.getByRole("row").filter({ hasText: "customer.created" }).first();
  await expect(row).toContainText("Delivered");
  await expect(row).toContainText("Answered 200");
  await expectAccessible(page, "the endpoint's delivery log");

  await row.getByRole("link", { name: /^Details:/ }).click();
  await expect(page.getByRole("heading", { name: "Delivery of customer.created" })).toBeVisible();
  await expect(page.getByText(`${hook.headers["webhook-id"]} (the same on every attempt)`)).toBeVisible();
  await expect(page.locator("pre").filter({ hasText: "webhook-signature: v1," })).toBeVisible();
  await expectAccessible(page, "a delivery's attempts");
  const deliveryPath = new URL(page.url()).pathname;

  // Send again: a second attempt of the same message.
  await page.getByRole("button", { name: /^Send again/ }).click();
  await expect(page.getByText("Delivery delivered (200).")).toBeVisible();
  await expect.poll(() => receiver.hooksOf("books").length).toBe(2);
  expect(receiver.hooksOf("books")[1].headers["webhook-id"]).toBe(hook.headers["webhook-id"]);
  await expect(page.getByRole("heading", { name: /^Attempt 2/ })).toBeVisible();

  for (const path of ["/settings/webhooks", endpointPath, deliveryPath]) await worksAtPhoneWidth(page, path);

  // Done: the endpoint goes, with its log, so later specs' events go nowhere.
  await page.goto(endpointPath);
  await page.getByRole("button", { name: `Delete endpoint ${url}` }).click();
  await page.getByRole("dialog", { name: "Delete this endpoint?" }).getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks$/);
  await expect(page.getByText("No endpoints yet")).toBeVisible();
});
