import { expect, test } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { signIn } from "./support/session";

/*
 * The anomalies page on the demo's past anomalies: reached from the analytics tabs, open ones first then newest, the
 * staff's verdict shown and given (it tunes that object's detection), filters in the URL, axe-clean in both themes
 * and 360 px wide. Detection itself (rollup rows in, an anomaly opened, extended, closed; an incident only when an
 * anomaly rule exists) is driven with inserted rollup rows in lib/analytics/anomaly-detect.db.test.ts: the demo keeps
 * no four weeks of 5-minute samples to judge a live simulator change against.
 */
test("staff see the ISP's anomalies, give their verdict, and the page is accessible at 360 px", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).not.toHaveURL(/sign-in/);

  await page.goto("/network/analytics");
  await page.getByRole("navigation", { name: "Analytics sections" }).getByRole("link", { name: "Anomalies" }).click();
  await expect(page.getByRole("heading", { name: "Anomalies", level: 1 })).toBeVisible();
  const table = page.getByRole("main").getByRole("region", { name: "Anomalies" });
  const rows = table.locator("tbody tr");
  // The demo's four, and whatever the live job has found since start-up in the last hours' 5-minute bursts.
  await expect(rows.filter({ hasText: "Drop" }).first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(4);

  // The cut on an uplink that staff called a real issue, with expected against actual.
  const cut = rows.filter({ hasText: "Drop" });
  await expect(cut).toContainText("ether1");
  await expect(cut).toContainText(/412 Mbps → 2\.1 Mbps/);
  await expect(cut.getByRole("button", { name: "Real issue" })).toHaveAttribute("aria-pressed", "true");

  // A spike marked expected: that interface is judged less keenly from now on.
  const spike = rows.filter({ hasText: "Spike" }).filter({ hasText: "ether1" }).first();
  await spike.getByRole("button", { name: "Expected" }).click();
  await expect(page.getByText(/Noted as expected: this object is now judged less keenly \(sensitivity 0\.8\)/)).toBeVisible();
  await expect(spike.getByRole("button", { name: "Expected" })).toHaveAttribute("aria-pressed", "true");
  await expect(spike).toContainText("sensitivity 0.8");

  // Filters live in the URL.
  await page.goto("/network/analytics/anomalies?kind=drop");
  await expect(rows).toHaveCount(1);
  await page.goto("/network/analytics/anomalies?object=subscription");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Uploading far above their own history");

  await page.goto("/network/analytics/anomalies");
  for (const theme of ["dark", "light"] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `/network/analytics/anomalies (${theme})`);
  }
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/network/analytics/anomalies");
  await expect(rows.first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "the anomalies page scrolls sideways at 360 px").toBeLessThanOrEqual(1);

  // The cut's interface opens on its throughput chart with the usual level each way drawn and said in words.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/network/analytics/anomalies?kind=drop");
  await rows.first().getByRole("link", { name: "ether1" }).click();
  const main = page.getByRole("main");
  await expect(main.getByText("Sent (tx): usual range")).toBeVisible();
  await expect(main.getByText("Received (rx): usual range")).toBeVisible();
  await expect(main.getByText(/Faint bands with dotted lines: the usual level each way/)).toBeVisible();
  await main.locator("details > summary", { hasText: "Show as table" }).click();
  await expect(main.getByRole("columnheader", { name: "Sent (tx) (usual)" })).toBeVisible();
  await expectAccessible(page, "an interface's throughput chart with its usual range");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  await expect(main.getByText("Sent (tx): usual range")).toBeVisible();
  const chartOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(chartOverflow, "the interface chart scrolls sideways at 360 px").toBeLessThanOrEqual(1);
});
