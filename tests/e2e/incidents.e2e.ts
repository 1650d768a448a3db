import { expect, test, type Page } from "@playwright/test";
import { signInWithTwoFactor } from "./support/session";

/*
 * A NOC's day, end to end: a demo router loses power (through the simulator's loopback control endpoint), the
 * poller notices, the rule fires, the owner (on call by default) gets one email, the incident lists the
 * subscribers behind the router; power comes back, the incident resolves with one recovery email, and the
 * subscribers get the all-clear after the outage notice.
 */
const control = `http://127.0.0.1:${process.env.SIMULATOR_CONTROL_PORT}`;
const ROUTER = "Santo-CCR3";

async function setRouterPower(page: Page, on: boolean) {
  const response = await page.request.post(`${control}/routers/3/${on ? "up" : "down"}`, { data: {} });
  expect(response.status(), await response.text()).toBe(200);
}

async function setRuleDelays(page: Page, fireAfter: string, clearAfter: string) {
  await page.goto("/network/rules");
  const editor = page.locator("details").filter({ has: page.getByText("Edit Router unreachable", { exact: true }) });
  await editor.getByText("Edit Router unreachable", { exact: true }).click();
  await editor.getByLabel("Fire after (seconds)").fill(fireAfter);
  await editor.getByLabel("Clear after (seconds)").fill(clearAfter);
  await editor.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByText(/saved/i).first()).toBeVisible();
}

/** Emails in the dev mailbox whose subject matches. */
async function mailCount(page: Page, subject: RegExp) {
  await page.goto("/mailbox");
  return page.getByRole("main").getByText(subject).count();
}

test("a router that goes down opens one incident, tells the on-call once, lists who is affected, and resolves when it is back", async ({ page }) => {
  test.setTimeout(360_000);
  await signInWithTwoFactor(page, "owner@demo.netsphere.ph");
  // Fire and clear at the first poll that sees it, so the test waits seconds, not minutes.
  await setRuleDelays(page, "0", "0");
  try {
    await setRouterPower(page, false);
    const title = new RegExp(`${ROUTER} unreachable`);
    await expect
      .poll(
        async () => {
          await page.goto("/network/incidents?status=open");
          return page.getByRole("main").getByRole("link", { name: title }).count();
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBe(1);
    await page.getByRole("main").getByRole("link", { name: title }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`${ROUTER} unreachable`);
    await expect(page.getByRole("main").getByText("Critical", { exact: true }).first()).toBeVisible();
    // The subscribers behind the router, each a link to their page, all offline now.
    const affected = page.getByRole("region", { name: "Affected subscribers" });
    await expect(affected.getByRole("link").first()).toBeVisible();
    expect(await affected.getByText("Online", { exact: true }).count()).toBe(0);
    const incidentUrl = page.url();
    const number = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/INC-\d+/)![0];

    // Tell the subscribers; the confirmation says how many.
    await page.getByLabel("What we are doing (optional)").fill("Power cut at the Santo Tomas tower; the generator is on its way.");
    await page.getByRole("button", { name: /^Send outage notice/ }).click();
    const confirm = page.getByRole("dialog");
    await expect(confirm).toContainText(/subscriber/);
    await confirm.getByRole("button", { name: /^Send to/ }).click();
    await expect(page.getByRole("main").getByText(/Outage notice to \d+ subscriber/)).toBeVisible();

    // The on-call heard once, however many polls saw the router down.
    await expect.poll(() => mailCount(page, new RegExp(`\\[critical\\] ${number}: ${ROUTER} unreachable`)), { timeout: 30_000, intervals: [2_000] }).toBe(1);

    await setRouterPower(page, true);
    // The connection pool retries a router that stopped answering with a growing backoff (up to a minute), so the
    // first poll that reaches it again may come a minute after the power does.
    await expect
      .poll(
        async () => {
          await page.goto(incidentUrl);
          return page.getByRole("main").getByText("Resolved", { exact: true }).count();
        },
        { timeout: 150_000, intervals: [3_000] },
      )
      .toBeGreaterThan(0);
    await expect.poll(() => mailCount(page, new RegExp(`Resolved: ${number} ${ROUTER} unreachable`)), { timeout: 30_000, intervals: [2_000] }).toBe(1);
    expect(await mailCount(page, new RegExp(`\\[critical\\] ${number}: `))).toBe(1);

    // The all-clear goes once.
    await page.goto(incidentUrl);
    await page.getByRole("button", { name: /^Send the all-clear/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: /^Send to/ }).click();
    await expect(page.getByRole("main").getByText(/All-clear to \d+ subscriber/)).toBeVisible();
    await expect(page.getByRole("button", { name: /^Send the all-clear/ })).toHaveCount(0);
  } finally {
    await setRouterPower(page, true);
    await setRuleDelays(page, "60", "60");
  }
});
