/*
 * NetSphere bills its ISPs with the subscribers' billing engine (lib/tenants/platform-accounts.ts). The demo ISP's
 * owner upgrades from Cloud Server to Business Pro mid-period and sees the prorated invoice, its PDF and its pay page;
 * the demo's second ISP (Quezon Skyline Net, seeded with a NetSphere invoice long overdue) is read-only: every page
 * says so, a save is refused with the same words and nothing changes. Both pages pass axe and fit 360 px.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { signInWithTwoFactor } from "./support/session";

const centavos = (money: string) => Math.round(Number(money.replace(/[₱,]/g, "")) * 100);

async function accessibleAt360(page: Page, path: string) {
  await page.goto(path);
  for (const theme of ["dark", "light"] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `${path} (${theme})`);
  }
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(path);
  await expect(page.locator("main")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${path} scrolls sideways at 360 px`).toBeLessThanOrEqual(1);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.describe.configure({ mode: "serial" });

test("an ISP owner upgrades the NetSphere plan mid-period and sees the prorated invoice", async ({ page }) => {
  test.setTimeout(120_000);
  await signInWithTwoFactor(page, "owner@demo.netsphere.ph");
  await page.goto("/settings/plan");
  await expect(page.getByRole("heading", { name: "NetSphere plan and billing" })).toBeVisible();
  const invoices = page.getByRole("region", { name: "NetSphere invoices" });
  // The seed's first NetSphere invoice, paid by bank transfer.
  await expect(invoices.getByRole("row").filter({ hasText: "Paid" })).toHaveCount(1);

  await page.getByRole("combobox", { name: "NetSphere plan" }).selectOption({ label: "Business Pro" });
  await page.getByRole("button", { name: "Change plan" }).click();
  const dialog = page.getByRole("dialog", { name: "Switch to Business Pro, billed monthly?" });
  await expect(dialog).toContainText("The unused days of your current plan are credited and the same days of the new one charged");
  await dialog.getByRole("button", { name: "Switch plan" }).click();
  const toast = page.getByText(/^You are now on Business Pro, billed monthly\. Invoice NS-\d{4}-\d{6}: ₱[\d,]+\.\d{2}\.$/);
  await expect(toast).toBeVisible();
  const [, number, amount] = (await toast.textContent())!.match(/Invoice (NS-\d{4}-\d{6}): (₱[\d,]+\.\d{2})/)!;
  // Prorated: the days left of this month's period at the price difference (₱5,500.00 − ₱3,500.00), never a whole month more.
  expect(centavos(amount)).toBeGreaterThan(0);
  expect(centavos(amount)).toBeLessThanOrEqual(200_000);

  const row = invoices.getByRole("row").filter({ hasText: number });
  await expect(row).toContainText("Plan change");
  await expect(row).toContainText(amount);
  await expect(row).toContainText("Open");
  await expect(page.getByText(/^You are on Business Pro, billed monthly/)).toBeVisible();
  const pdf = await page.request.get((await row.getByRole("link", { name: `PDF of ${number}` }).getAttribute("href"))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  // The pay link is the subscribers' pay page, for NetSphere's invoice.
  await row.getByRole("link", { name: `Pay ${number}` }).click();
  await expect(page).toHaveURL(/\/pay\//);
  await expect(page.getByRole("heading", { name: number })).toBeVisible();
  await expect(page.getByText("NetSphere", { exact: true }).first()).toBeVisible();
  await expect(page.getByText(amount).last()).toBeVisible();
});

test("a read-only ISP sees the banner on every page and its saves are refused until it pays", async ({ page }) => {
  test.setTimeout(180_000);
  await signInWithTwoFactor(page, "owner@skyline.netsphere.ph");
  const banner = page.getByRole("status").filter({ hasText: "Read-only." });
  await page.goto("/dashboard");
  await expect(banner).toContainText(/Your NetSphere account is read-only until the invoice NS-\d{4}-\d{6} is paid/);
  const message = (await banner.locator("p").textContent())!.replace(/^Read-only\.\s*/, "");

  // Looking is allowed; saving is not, and says why.
  await page.goto("/settings");
  await expect(banner).toBeVisible();
  const name = page.getByLabel("Business name");
  await expect(name).toHaveValue("Quezon Skyline Net");
  await name.fill("Quezon Skyline Net Renamed");
  await page.getByRole("button", { name: "Save business details" }).click();
  await expect(page.getByText(message, { exact: true }).last()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Business name")).toHaveValue("Quezon Skyline Net");

  // The plan page says what to pay and how; the change form waits for the payment.
  await page.goto("/settings/plan");
  await expect(page.getByText(/Your account is read-only until invoice NS-\d{4}-\d{6} is paid/)).toBeVisible();
  await expect(page.getByText("Pay the overdue invoice first: your account is read-only.")).toBeVisible();
  await expect(page.getByRole("region", { name: "NetSphere invoices" }).getByText("Overdue")).toBeVisible();
  await expect(page.getByRole("link", { name: /^Pay invoice NS-\d{4}-\d{6} online$/ })).toBeVisible();

  await accessibleAt360(page, "/settings/plan");
  await accessibleAt360(page, "/settings");
});

test("the operator's NetSphere billing pages are accessible and list both demo ISPs by standing", async ({ page }) => {
  test.setTimeout(120_000);
  await signInWithTwoFactor(page, "operator@netsphere.ph");
  await page.goto("/platform/billing");
  await expect(page.getByRole("heading", { name: "NetSphere billing" })).toBeVisible();
  const isps = page.getByRole("region", { name: "ISPs by standing" });
  await expect(isps.getByRole("row").filter({ hasText: "Quezon Skyline Net" })).toContainText("Read-only");
  await expect(isps.getByRole("row").filter({ hasText: "Batangas Fiber Net" })).toContainText("Active");
  await accessibleAt360(page, "/platform/billing");
  await accessibleAt360(page, "/platform/gateways");
});
