import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { signIn } from "./support/session";

/*
 * The report builder on the demo's data, as billing staff: build a grouped invoice report with a total and a chart,
 * see the preview, save it, schedule it, download it as CSV; the builder and the list pass axe in both themes and
 * fit a 360 px phone.
 */
test("build, preview, save, schedule and download a report", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "billing@demo.netsphere.ph");
  // A saturated two-core machine can take well over the default 10 s for the first requests.
  await expect(page).not.toHaveURL(/sign-in/, { timeout: 30_000 });
  await page.goto("/reports");
  await page.getByRole("link", { name: "New report" }).click();
  await expect(page).toHaveURL(/\/reports\/builder$/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Report builder", level: 1 })).toBeVisible({ timeout: 30_000 });

  const form = page.getByRole("form", { name: "Report definition" });
  await form.getByLabel("Dataset").selectOption("invoices");
  await form.getByLabel("Group by").selectOption("status");
  await form.getByRole("button", { name: "Add total" }).click();
  await form.getByLabel("Total 2", { exact: true }).selectOption("sum");
  await form.getByLabel("Total 2 field").selectOption("total");
  await form.getByLabel("Chart").selectOption("bar");
  const preview = page.getByRole("region", { name: "Report preview" });
  await expect(preview.getByRole("columnheader", { name: "Sum of total" })).toBeVisible({ timeout: 30_000 });
  await expect(preview.locator("tbody tr").first()).toContainText(/₱/);
  await expect(page.getByRole("img", { name: "Count by status" })).toBeVisible();
  await expect(page.getByText(/^\d[\d,]* rows/)).toBeVisible();

  await form.getByLabel("Name").fill("Invoices by status");
  await form.getByRole("button", { name: "Save report" }).click();
  await expect(page).toHaveURL(/\/reports\/builder\?report=[0-9a-f-]{36}/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Invoices by status", level: 1 })).toBeVisible();

  const schedule = page.getByRole("form", { name: "Schedule" });
  await schedule.getByLabel("How often").selectOption("weekly");
  await schedule.getByLabel("On", { exact: true }).selectOption("1");
  await schedule.getByLabel("Other addresses").fill("not an address");
  await schedule.getByRole("button", { name: "Schedule" }).click();
  await expect(schedule.getByText("Enter a valid email address")).toBeVisible();
  await schedule.getByLabel("Other addresses").fill("books@example.ph");
  await schedule.getByRole("button", { name: "Schedule" }).click();
  await expect(schedule.getByText(/Scheduled\. Next delivery: /)).toBeVisible({ timeout: 30_000 });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^invoices-by-status-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync(await download.path(), "utf8");
  // The download counted its rows as they streamed in, and says how many arrived.
  await expect(page.getByRole("status").filter({ hasText: /^[\d,]+ rows? downloaded\.$/ })).toBeVisible();
  expect(text.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("Status,Count,Sum of total");

  await page.goto("/reports");
  const row = page.getByRole("region", { name: "Saved reports" }).getByRole("row", { name: /Invoices by status/ });
  await expect(row).toContainText("Weekly on Monday at 07:00 to 1 recipient");

  for (const path of ["/reports", "/reports/builder"]) {
    await page.goto(path);
    for (const theme of ["dark", "light"] as const) {
      await setTheme(page, theme);
      await expectAccessible(page, `${path} (${theme})`);
    }
  }
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/reports", "/reports/builder"]) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways at 360 px`).toBeLessThanOrEqual(1);
  }
});
