import { expect, type Page } from "@playwright/test";
import { totp } from "./totp";

export const DEMO_PASSWORD = "NetSphere-demo-2026";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Completes TOTP enrolment on /two-factor/setup and returns the secret and recovery codes. */
export async function enrolTwoFactor(page: Page, password = DEMO_PASSWORD) {
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  await page.getByLabel("Confirm your password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  const recoveryCodes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  await page.getByLabel("Code from your app").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(page).not.toHaveURL(/two-factor/);
  return { secret, recoveryCodes };
}
