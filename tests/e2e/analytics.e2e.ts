import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { signIn } from "./support/session";

/*
 * Bandwidth analytics from the demo's seeded history: every page shows numbers, is axe-clean in both themes with its
 * tables open, fits a 360 px phone without scrolling sideways, filters through the URL without JavaScript, and the
 * exports download as CSV with their header row. Support staff (network:view, no two-factor enrolment) look.
 */
const pages = [
  "/network/analytics",
  "/network/analytics/top-talkers",
  "/network/analytics/percentile",
  "/network/analytics/heatmaps",
  "/network/analytics/plans",
];

/** Opens every "Show as table" so axe and the width check see the tables too. */
async function openTables(page: Page) {
  while ((await page.locator("main details:not([open]) > summary").count()) > 0)
    await page.locator("main details:not([open]) > summary").first().click();
}

test.describe.configure({ mode: "serial" });

test("analytics pages show the demo's traffic, are accessible in both themes and fit 360 px", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).not.toHaveURL(/sign-in/);

  await page.goto("/network");
  await page.getByRole("navigation", { name: "Network sections" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "Bandwidth analytics", level: 1 })).toBeVisible();
  const main = page.getByRole("main");
  await expect(main.getByText(/In total: .* download/)).toBeVisible();

  await page.goto("/network/analytics/top-talkers");
  await expect(main.getByRole("region", { name: "Top talkers" }).locator("tbody tr").first()).toBeVisible();
  await expect(main.getByText(/subscribers moved/)).toBeVisible();

  await page.goto("/network/analytics/percentile");
  let rows = main.getByRole("region", { name: "95th percentile per interface" }).locator("tbody tr");
  if ((await rows.count()) === 0) {
    // In the first minutes of a month it has no complete sample yet: the month before has them.
    const previous = await main.getByLabel("Month").locator("option").nth(1).getAttribute("value");
    await page.goto(`/network/analytics/percentile?month=${previous}`);
    rows = main.getByRole("region", { name: "95th percentile per interface" }).locator("tbody tr");
  }
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText(/bps/);

  await page.goto("/network/analytics/heatmaps");
  await expect(main.getByRole("img", { name: /Busiest on average/ })).toHaveCount(2);

  await page.goto("/network/analytics/plans");
  await expect(main.getByRole("region", { name: "Subscribers per plan and usage" }).locator("tbody tr").first()).toBeVisible();

  for (const path of pages) {
    await page.goto(path);
    for (const theme of ["dark", "light"] as const) {
      await setTheme(page, theme);
      await openTables(page);
      await expectAccessible(page, `${path} (${theme}, tables open)`);
    }
  }

  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of pages) {
    await page.goto(path);
    await expect(main).toBeVisible();
    await openTables(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways at 360 px`).toBeLessThanOrEqual(1);
  }
});

test("top talkers filter, sort and page through the URL without JavaScript", async ({ page, browser, baseURL }) => {
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).not.toHaveURL(/sign-in/);
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, storageState: await page.context().storageState() });
  const noScript = await context.newPage();
  try {
    await noScript.goto("/network/analytics/top-talkers");
    const form = noScript.getByRole("search", { name: "Filter top talkers" });
    await form.getByLabel("Period").selectOption("7d");
    const router = await form.getByLabel("Router").locator("option").nth(1).getAttribute("value");
    await form.getByLabel("Router").selectOption(router!);
    await form.getByRole("button", { name: "Show" }).click();
    await expect(noScript).toHaveURL(/[?&]period=7d(&|$)/);
    await expect(noScript).toHaveURL(new RegExp(`[?&]router=${router}(&|$)`));
    const table = noScript.getByRole("region", { name: "Top talkers" });
    await expect(table.locator("tbody tr").first()).toBeVisible();
    const routerName = await form.getByLabel("Router").locator(`option[value="${router}"]`).textContent();
    for (const cell of await table.locator("tbody tr td:nth-child(4)").all()) await expect(cell).toContainText(routerName!);

    // Sorting by upload keeps the filters; ranks follow the upload column.
    await table.getByRole("link", { name: /^Upload/ }).click();
    await expect(noScript).toHaveURL(/sort=upload/);
    await expect(noScript).toHaveURL(/period=7d/);
    await expect(table.getByRole("columnheader", { name: /Upload/ })).toHaveAttribute("aria-sort", "descending");

    // Another ISP's router, or nonsense, in the URL shows every router rather than an error.
    const response = await noScript.goto("/network/analytics/top-talkers?router=00000000-0000-4000-8000-000000000000&period=forever&page=-1");
    expect(response?.status()).toBe(200);
    await expect(form.getByLabel("Router")).toHaveValue("");
    await expect(form.getByLabel("Period")).toHaveValue("30d");

    // The demo's ~180 subscribers fill four pages of 50.
    await noScript.goto("/network/analytics/top-talkers");
    await noScript.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next page" }).click();
    await expect(noScript).toHaveURL(/page=2/);
    await expect(table.locator("tbody tr").first().locator("td").first()).toHaveText("51");
  } finally {
    await context.close();
  }
});

test("exports download as CSV with their header row; bad parameters are a 422 in JSON", async ({ page }) => {
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto("/network/analytics/top-talkers?period=30d");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("top-talkers-30d.csv");
  const text = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  expect(text.split("\r\n")[0]).toBe(
    "Rank,Account number,Customer,Username,Plan,Router,Site,Download (bytes),Upload (bytes),Total (bytes),Share of total (%)",
  );
  expect(text.split("\r\n").filter(Boolean).length).toBeGreaterThan(50);

  for (const [path, header] of [
    ["/api/network/analytics/percentile", "Month,Router,Interface,Samples,Expected samples,"],
    ["/api/network/analytics/plans", "Month,Plan,Download speed (kbps),Active subscribers,Under 10 GB,"],
  ]) {
    const response = await page.request.get(path);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect((await response.text()).replace(/^\uFEFF/, "")).toMatch(new RegExp(`^${header.replace(/[()]/g, "\\$&")}`));
  }

  const bad = await page.request.get("/api/network/analytics/top-talkers?period=forever&router=x");
  expect(bad.status()).toBe(422);
  expect(await bad.json()).toMatchObject({ ok: false, code: "validation", fieldErrors: { period: expect.any(Array), router: expect.any(Array) } });
  const signedOut = await page.context().browser()!.newContext();
  try {
    const response = await signedOut.request.get(new URL("/api/network/analytics/plans", page.url()).toString());
    expect(response.status()).toBe(401);
  } finally {
    await signedOut.close();
  }
});
