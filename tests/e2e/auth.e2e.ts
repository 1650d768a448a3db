import { expect, test } from "@playwright/test";
import { totp } from "./support/totp";
import { enrolTwoFactor, signIn, submitRespectingRateLimit } from "./support/session";

test.describe.configure({ mode: "serial" });

const password = "Lipa-wireless-2026";
const email = `owner-${Date.now()}@lipawireless.ph`;
let secret = "";
let recoveryCodes: string[] = [];

test("an ISP signs up, must enrol two-factor, and lands in the setup wizard", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByRole("button", { name: "Create ISP account" }).click();
  await expect(page.getByText("Business name is required")).toBeVisible();
  await expect(page.getByText("Enter a TIN like 123-456-789-000")).toBeVisible();

  await page.getByLabel("Business name").fill("Lipa Wireless");
  await page.getByLabel("Registered (legal) name").fill("Lipa Wireless Internet Inc.");
  await page.getByLabel("Business address").fill("1 Rizal St, Lipa City, Batangas");
  await page.getByLabel("TIN").fill("111-222-333-000");
  await page.getByLabel("Contact phone").fill("0917 000 1111");
  await page.getByLabel("Your name").fill("Ana Cruz");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create ISP account" }).click();

  // The dashboard is out of reach until two-factor is on.
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  ({ secret, recoveryCodes } = await enrolTwoFactor(page, password));
  await expect(page).toHaveURL(/\/onboarding/);
  await expect(page.getByRole("heading", { name: "Business details" })).toBeVisible();
});

test("sign-in asks for the code; a wrong or replayed code is refused; a recovery code works once", async ({ page }) => {
  // Start at a fresh 30-second step: the enrolment code is spent, and the replay below stays in one step.
  await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 300);
  const code = totp(secret);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/two-factor$/);
  await page.getByLabel("Authentication code").fill(code === "000000" ? "111111" : "000000");
  await submitRespectingRateLimit(page, "Verify");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not valid");
  await page.getByLabel("Authentication code").fill(totp(secret));
  await submitRespectingRateLimit(page, "Verify");
  await expect(page).toHaveURL(/\/(onboarding|dashboard)/);
  const usedCode = totp(secret);

  // Same code again in a new sign-in: refused.
  await page.context().clearCookies();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/two-factor$/);
  if (usedCode === totp(secret)) {
    await page.getByLabel("Authentication code").fill(usedCode);
    await submitRespectingRateLimit(page, "Verify");
    await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    await expect(page).toHaveURL(/\/two-factor$/);
  }

  // A recovery code signs in once.
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]);
  await submitRespectingRateLimit(page, "Verify");
  await expect(page).toHaveURL(/\/(onboarding|dashboard)/);

  await page.context().clearCookies();
  await signIn(page, email, password);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]);
  await submitRespectingRateLimit(page, "Verify");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not valid or has already been used");
});

test("wrong password and unknown email get the same message, and repeated failures lock the account", async ({ page }) => {
  await signIn(page, "nobody@example.ph", "wrong-password-1");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
  // The ISP signed up above (not a shared demo login, which later tests sign in with).
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, "wrong-password-1");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
  }
  // Locked now: even the right password is refused until the lockout ends.
  await signIn(page, email, password);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Too many failed sign-ins");
});

test("a role without a permission gets the not-allowed page, and another tenant's customer is a 404", async ({ page }) => {
  await signIn(page, "tech@demo.netsphere.ph");
  // Technicians start on their job list.
  await expect(page).toHaveURL(/\/field$/);
  await page.goto("/plans/new");
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  const response = await page.goto("/customers/00000000-0000-4000-8000-000000000000");
  expect(response?.status()).toBe(404);
  const junk = await page.goto("/customers/not-a-uuid");
  expect(junk?.status()).toBe(404);
});
