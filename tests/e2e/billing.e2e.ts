import { expect, test } from "@playwright/test";
import { enrolTwoFactor, signIn } from "./support/session";
import { RouterOsClient } from "@/lib/routeros/client";

/** The demo's simulated routers, as the seed names them (lib/db/seed.ts, lib/routeros/simulator/demo-routers.ts). */
const demoRouters: Record<string, { port: number; password: string }> = {
  "Tanauan-CCR1": { port: 18728, password: "demo-router-1" },
  "Lipa-CCR2": { port: 18729, password: "demo-router-2" },
  "Santo-CCR3": { port: 18730, password: "demo-router-3" },
};

/** The PPP secret as a technician would see it in Winbox: read from the router, not from our database. */
async function secretOn(routerName: string, username: string) {
  const { port, password } = demoRouters[routerName];
  // The demo's routers listen from DEMO_ROUTER_PORT_BASE on (18728 unless the run moved them).
  const moved = Number(process.env.DEMO_ROUTER_PORT_BASE ?? 18728) - 18728;
  const api = new RouterOsClient({ host: "127.0.0.1", port: port + moved, username: "netsphere", password, timeoutMs: 5000 });
  await api.connect();
  try {
    return (await api.write("/ppp/secret/print", { ".proplist": "name,profile,comment" }, [`?name=${username}`])).rows[0];
  } finally {
    await api.close();
  }
}

test("billing staff records a GCash payment for a subscriber suspended for non-payment, and the router restores the service", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "billing@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);

  // A subscriber suspended for not paying (others may be suspended at their own request).
  await page.goto("/customers?status=suspended");
  const profiles = await page.locator('main table a[href^="/customers/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  let found = false;
  for (const profile of profiles.slice(0, 10)) {
    await page.goto(profile);
    if (await page.getByText(/Suspended: Overdue/).count()) {
      found = true;
      break;
    }
  }
  expect(found, "a demo subscriber suspended for non-payment").toBe(true);
  const service = (await page
    .getByText(/ · (Tanauan-CCR1|Lipa-CCR2|Santo-CCR3) · since /)
    .first()
    .textContent())!;
  const [, username, routerName] = service.match(/^(\S+) · (\S+) · since/)!;
  await expect(page.getByText(/Suspended: Overdue/).first()).toBeVisible();

  await page.getByRole("navigation", { name: "Customer sections" }).getByRole("link", { name: "Billing" }).click();
  await expect(page.getByText("Balance due")).toBeVisible();
  await expect(page.getByText(/^₱[\d,]+\.\d{2} · \d+ invoices?$/)).toBeVisible();

  await page.getByRole("button", { name: "Record payment" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Record payment" });
  await expect(dialog.getByLabel("Amount (₱)")).not.toHaveValue("");
  await dialog.getByLabel("Method").selectOption("gcash");
  await dialog.getByLabel("GCash reference number").fill("1009 876 543210");
  const paid = Date.now();
  await dialog.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByText(/Payment recorded: official receipt OR-\d{4}-\d{6}\. .*Service reactivated \(1\)\./)).toBeVisible();

  // The router has the subscriber back on their plan's profile within seconds of the payment.
  await expect.poll(async () => (await secretOn(routerName, username))?.profile, { timeout: 10_000, intervals: [250] }).toMatch(/^ns-/);
  expect(Date.now() - paid).toBeLessThan(10_000);
  await expect(page.getByText("Nothing overdue")).toBeVisible();

  // The receipt is on the statement and opens as an official receipt.
  await page
    .getByRole("link", { name: /^OR-\d{4}-\d{6}$/ })
    .first()
    .click();
  await expect(page.getByText(/official receipt/i).first()).toBeVisible();
});

test("an owner emails an invoice and it waits in the dev mailbox with its PDF attached", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "owner@demo.netsphere.ph");
  await enrolTwoFactor(page);

  await page.goto("/billing?status=open");
  const invoiceLink = page.locator('main table a[href^="/billing/invoices/"]').first();
  const number = (await invoiceLink.textContent())!.trim();
  await invoiceLink.click();
  await expect(page.getByRole("heading", { name: `Invoice ${number}` })).toBeVisible();
  await expect(page.getByText("VATable sales").first()).toBeVisible();
  await page.getByRole("button", { name: "Email to customer" }).click();
  await expect(page.getByText(/sent|emailed/i).first()).toBeVisible();

  await page.goto("/mailbox");
  const mail = page.getByText(`Invoice ${number} from Batangas Fiber Net`).first();
  await expect(mail).toBeVisible();
  await mail.click();
  const attachment = page.getByRole("link", { name: new RegExp(`${number}\\.pdf`) }).first();
  await expect(attachment).toBeVisible();
  const response = await page.request.get((await attachment.getAttribute("href"))!);
  expect(response.status()).toBe(200);
  expect((await response.body()).subarray(0, 5).toString()).toBe("%PDF-");
});
