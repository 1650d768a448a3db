import { expect, type Page } from "@playwright/test";
import { totp } from "./totp";

export const DEMO_PASSWORD = "NetSphere-demo-2026";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Clicks a button that calls a two-factor endpoint. Better Auth allows 3 two-factor calls per 10 s
 * per address and every test shares 127.0.0.1, so a 429 answer is waited out and the click repeated.
 * The HTTP status decides, not the page text: an old error stays on screen while the next page loads.
 */
export async function submitRespectingRateLimit(page: Page, name: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/auth/two-factor/") && r.request().method() === "POST"),
      page.getByRole("button", { name }).click(),
    ]);
    if (response.status() !== 429) return;
    await page.waitForTimeout(10_500);
  }
}

/** Completes TOTP enrolment on /two-factor/setup and returns the secret and recovery codes. */
export async function enrolTwoFactor(page: Page, password = DEMO_PASSWORD) {
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  await page.getByLabel("Confirm your password").fill(password);
  await submitRespectingRateLimit(page, "Continue");
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  const recoveryCodes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  await page.getByLabel("Code from your app").fill(totp(secret));
  await submitRespectingRateLimit(page, "Turn on two-factor authentication");
  await expect(page).not.toHaveURL(/two-factor/);
  return { secret, recoveryCodes };
}
