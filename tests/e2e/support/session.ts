import fs from "node:fs";
import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";
import { totp } from "./totp";

export const DEMO_PASSWORD = "NetSphere-demo-2026";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  signedInAs.set(page, email);
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
  rememberSecret(page, secret, recoveryCodes);
  return { secret, recoveryCodes };
}

/*
 * Two-factor secrets enrolled during this run, one file per email in the run's own data directory (E2E_STATE_DIR,
 * set by tests/e2e/run.ts), so a later spec can sign in as a user an earlier one enrolled, whichever spec that was.
 */
const secretFile = (email: string) => (process.env.E2E_STATE_DIR ? path.join(process.env.E2E_STATE_DIR, `totp-${email}`) : null);
const readSecret = (email: string): string | null => {
  const file = secretFile(email);
  return file && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
};
/*
 * Who signed in on each page: an enrolment is remembered under that page's user only. (A run-wide "last email" once
 * filed a new ISP's secret, enrolled right after its sign-up, under the admin who had signed in on another page, and
 * every later admin sign-in was refused.) A page that signed up without `signIn` remembers nothing.
 */
const signedInAs = new WeakMap<Page, string>();
function rememberSecret(page: Page, secret: string, recoveryCodes: string[]) {
  const email = signedInAs.get(page);
  const file = email ? secretFile(email) : null;
  if (!file) return;
  fs.writeFileSync(file, secret);
  fs.writeFileSync(`${file}.recovery`, recoveryCodes.join("\n"));
}

/** One of the user's unused recovery codes from their enrolment in this run (each is used once), or null. */
function takeRecoveryCode(email: string): string | null {
  const file = secretFile(email);
  if (!file || !fs.existsSync(`${file}.recovery`)) return null;
  const [code, ...rest] = fs.readFileSync(`${file}.recovery`, "utf8").split("\n").filter(Boolean);
  fs.writeFileSync(`${file}.recovery`, rest.join("\n"));
  return code ?? null;
}

/**
 * Signs in a user who needs two-factor authentication, whatever an earlier spec did: enrols them on first sign-in,
 * or answers the challenge with the secret an earlier spec enrolled.
 */
export async function signInWithTwoFactor(page: Page, email: string, password = DEMO_PASSWORD) {
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/two-factor(\/setup)?$/);
  if (page.url().endsWith("/two-factor/setup")) {
    await enrolTwoFactor(page, password);
    return;
  }
  const secret = readSecret(email);
  if (!secret) throw new Error(`${email} was enrolled in two-factor authentication by an earlier spec that did not record its secret`);
  // A code already used in this 30-second step is refused as a replay: wait for a fresh step if needed.
  const leftChallenge = () =>
    page.waitForURL((url) => !url.pathname.startsWith("/two-factor"), { timeout: 15_000 }).then(
      () => true,
      () => false,
    );
  await page.getByLabel("Authentication code").fill(totp(secret));
  await submitRespectingRateLimit(page, "Verify");
  if (!(await leftChallenge())) {
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 300);
    await page.getByLabel("Authentication code").fill(totp(secret));
    await submitRespectingRateLimit(page, "Verify");
    // Still refused: say so in the run's output, and finish with a recovery code, as a user would.
    const recovery = (await leftChallenge()) ? null : takeRecoveryCode(email);
    if (recovery) {
      console.warn(`${email}: the authenticator code was refused twice (${await page.getByRole("alert").first().textContent()}); signing in with a recovery code`);
      await page.getByRole("button", { name: "Use a recovery code instead" }).click();
      await page.getByLabel("Recovery code").fill(recovery);
      await submitRespectingRateLimit(page, "Verify");
    }
  }
  await expect(page).not.toHaveURL(/two-factor/);
}

/**
 * The subscriber whose customer page `staff` shows, signed in to the portal on a 360 px touch phone with the demo
 * password (their account number and the ISP's portal link read from that page). Close `phone` when done.
 */
export async function portalOnPhone(staff: Page, browser: Browser) {
  const account = (await staff.locator("main").innerText()).match(/ACC-\d+/)![0];
  const link = new URL((await staff.getByTestId("portal-sign-in-link").getAttribute("href"))!);
  const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true, baseURL: new URL(staff.url()).origin });
  const portal = await phone.newPage();
  await portal.goto(link.pathname + link.search);
  await portal.getByLabel("Account number or email").fill(account);
  await portal.getByLabel("Password").fill(DEMO_PASSWORD);
  await portal.getByRole("button", { name: "Sign in" }).click();
  await expect(portal).toHaveURL(/\/portal$/);
  return { phone, portal };
}
