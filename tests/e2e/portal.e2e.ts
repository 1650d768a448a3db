import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { DEMO_PASSWORD, signIn } from "./support/session";

const portalPages = [
  "/portal",
  "/portal/bills",
  "/portal/bills/receipts",
  "/portal/usage",
  "/portal/speed-test",
  "/portal/tickets",
  "/portal/tickets/new",
  "/portal/profile",
];

async function checkBothThemes(page: Page, label: string) {
  for (const theme of ["dark", "light"] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `${label} (${theme}, 360 px)`);
  }
}

test.use({ viewport: { width: 360, height: 780 }, hasTouch: true });

test("subscriber portal on a phone: sign in, download an invoice, open a ticket, run a speed test; support sees it", async ({ page, browser }) => {
  test.setTimeout(240_000);
  // Support finds an active subscriber and the ISP's portal link on the customer page.
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/customers?status=active");
  await page.locator("main a[href^='/customers/']:not([href$='/new']):not([href$='/at-risk'])").last().click();
  const link = await page.getByTestId("portal-sign-in-link").getAttribute("href");
  const account = (await page.locator("main .font-mono").first().textContent())!.trim();
  const customerUrl = page.url();
  expect(link).toMatch(/\/portal\/batangas-fiber-net\/sign-in$/);
  expect(account).toMatch(/^ACC-\d+$/);

  const subscriber = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true, baseURL: new URL(page.url()).origin });
  const portal = await subscriber.newPage();
  // Signed out, portal pages lead to the sign-in page; staff sessions do not count here.
  await portal.goto("/portal/bills");
  await expect(portal).toHaveURL(/\/portal\/sign-in/);
  await portal.goto(new URL(link!).pathname + new URL(link!).search);
  await checkBothThemes(portal, "/portal/sign-in");
  await portal.getByLabel("Account number or email").fill(account);
  await portal.getByLabel("Password").fill("not-the-password");
  await portal.getByRole("button", { name: "Sign in" }).click();
  // One message for every failure: it does not say whether the account exists.
  await expect(portal.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await expect(portal.getByLabel("Password")).toHaveValue("");
  await expect(portal).toHaveURL(/\/portal\/batangas-fiber-net\/sign-in$/);
  await portal.getByLabel("Password").fill(DEMO_PASSWORD);
  await portal.getByRole("button", { name: "Sign in" }).click();
  await expect(portal).toHaveURL(/\/portal$/);
  await expect(portal.getByText(account).first()).toBeVisible();

  for (const path of portalPages) {
    await portal.goto(path);
    await expect(portal.locator("main")).toBeVisible();
    await checkBothThemes(portal, path);
  }

  // Invoices as PDF, for this subscriber only.
  await portal.goto("/portal/bills");
  const pdfLink = portal.getByRole("link", { name: /^PDF of invoice / }).first();
  const href = (await pdfLink.getAttribute("href"))!;
  const pdf = await portal.request.get(href);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toContain("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const stranger = await portal.request.get("/api/portal/invoices/00000000-0000-4000-8000-000000000000/pdf");
  expect(stranger.status()).toBe(404);

  // A ticket from the portal lands in support's queue.
  await portal.goto("/portal/tickets/new");
  await portal.getByLabel("What is it about?").selectOption("slow");
  await portal.getByLabel("Subject").fill("Slow at night since Monday");
  await portal.getByLabel("Details").fill("Below 5 Mbps after 8 PM on every device; restarted the modem twice.");
  await portal.getByRole("button", { name: "Send ticket" }).click();
  await expect(portal).toHaveURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
  await expect(portal.getByRole("heading", { name: /Slow at night since Monday/ })).toBeVisible();
  await checkBothThemes(portal, "/portal/tickets/[id]");

  // Speed test against our own endpoints, stored for support.
  await portal.goto("/portal/speed-test");
  await portal.getByRole("button", { name: "Start the test" }).click();
  await expect(portal.getByRole("button", { name: "Test again" })).toBeVisible({ timeout: 90_000 });
  await expect(portal.locator("dd").first()).toHaveText(/\d.*(Mbps|kbps|Gbps)/);

  await page.goto(customerUrl);
  await expect(page.getByRole("region", { name: "Speed tests run by the subscriber" })).toBeVisible();
  await page.goto(`${customerUrl}/tickets`);
  await expect(page.getByText("Slow at night since Monday")).toBeVisible();
  await subscriber.close();
});

test("portal forms check on the server: each error shows at its field, focus goes to the first, what was typed stays", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/customers?status=active");
  await page.locator("main a[href^='/customers/']:not([href$='/new']):not([href$='/at-risk'])").nth(-2).click();
  const link = (await page.getByTestId("portal-sign-in-link").getAttribute("href"))!;
  const account = (await page.locator("main .font-mono").first().textContent())!.trim();

  const subscriber = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true, baseURL: new URL(page.url()).origin });
  const portal = await subscriber.newPage();
  await portal.goto(new URL(link).pathname + new URL(link).search);
  // Nothing typed: both fields say what they need, the first takes focus, and no message claims a wrong password.
  await portal.getByRole("button", { name: "Sign in" }).click();
  await expect(portal.getByText("Enter your account number or email")).toBeVisible();
  await expect(portal.getByText("Enter your password")).toBeVisible();
  await expect(portal.getByLabel("Account number or email")).toBeFocused();
  await expect(portal.getByLabel("Account number or email")).toHaveAttribute("aria-invalid", "true");
  await expect(portal.getByText("do not match")).toHaveCount(0);
  await portal.getByLabel("Account number or email").fill(account);
  await portal.getByLabel("Password").fill(DEMO_PASSWORD);
  await portal.getByRole("button", { name: "Sign in" }).click();
  await expect(portal).toHaveURL(/\/portal$/);

  await portal.goto("/portal/profile");
  const email = portal.getByRole("textbox", { name: "Email" });
  await email.fill("not-an-email");
  await portal.getByRole("button", { name: "Save contact details" }).click();
  await expect(portal.getByText("Enter a valid email")).toBeVisible();
  await expect(email).toBeFocused();
  await expect(email).toHaveValue("not-an-email");

  await portal.getByLabel("Current password").fill(DEMO_PASSWORD);
  await portal.getByLabel("New password", { exact: true }).fill("a-new-password-1");
  await portal.getByLabel("Type the new password again").fill("another-password-2");
  await portal.getByRole("button", { name: "Change password" }).click();
  await expect(portal.getByText("The passwords do not match")).toBeVisible();
  await expect(portal.getByLabel("Type the new password again")).toBeFocused();
  await expect(portal.getByLabel("New password", { exact: true })).toHaveValue("a-new-password-1");

  // Channels are checkboxes sent as a list: Telegram without a chat id is refused, with one it is saved.
  await portal.getByRole("checkbox", { name: "Telegram" }).check();
  await portal.getByLabel("Telegram chat id").fill("");
  await portal.getByRole("button", { name: "Save notification settings" }).click();
  await expect(portal.getByText("Enter your Telegram chat id to get messages there")).toBeVisible();
  await expect(portal.getByLabel("Telegram chat id")).toBeFocused();
  await portal.getByLabel("Telegram chat id").fill("123456789");
  await portal.getByRole("button", { name: "Save notification settings" }).click();
  await expect(portal.getByText("Notification settings saved.")).toBeVisible();
  await portal.reload();
  await expect(portal.getByRole("checkbox", { name: "Telegram" })).toBeChecked();
  await expect(portal.getByLabel("Telegram chat id")).toHaveValue("123456789");

  await portal.goto("/portal/tickets/new");
  await portal.getByLabel("Subject").fill("No");
  await portal.getByLabel("Details").fill("Slow");
  await portal.getByRole("button", { name: "Send ticket" }).click();
  await expect(portal.getByText("Say what it is about (at least 3 characters)")).toBeVisible();
  await expect(portal.getByText("Tell us a little more (at least 10 characters)")).toBeVisible();
  await expect(portal.getByLabel("Subject")).toBeFocused();
  await expect(portal.getByLabel("Details")).toHaveValue("Slow");
  await expect(portal).toHaveURL(/\/portal\/tickets\/new$/);
  await subscriber.close();
});
