import { expect, test } from "@playwright/test";
import { signIn } from "./support/session";

test("a technician tests a demo router's connection and sees it online with its identity and version", async ({ page }) => {
  await signIn(page, "tech@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/field$/);
  await page.goto("/routers");
  await page.getByRole("button", { name: "Test connection to Tanauan-CCR1" }).click();
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "RouterOS 7.19.2" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Tanauan-CCR1/ })).toContainText("online");
  // Technicians can check a router but not change it.
  await expect(page.getByRole("heading", { name: "Add a router" })).toHaveCount(0);
});

test("the live traffic graph of a demo router streams moving readings, with a table for screen readers", async ({ page }) => {
  await signIn(page, "tech@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/field$/);
  await page.goto("/routers");
  await page.getByRole("main").getByRole("link", { name: "Tanauan-CCR1" }).click();
  await page.getByRole("link", { name: "Traffic", exact: true }).click();
  const live = page.getByRole("region", { name: /^Live: / });
  await expect(live.getByText("Live", { exact: true })).toBeVisible({ timeout: 15_000 });
  await live.getByRole("button", { name: "Show as table" }).click();
  const rows = live.getByRole("table").locator("tbody tr");
  await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
  // Readings arrive once a second and the simulated subscribers' traffic moves, so they are not all alike.
  const readings = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(1).map((td) => td.textContent).join(" / ")));
  expect(new Set(readings).size).toBeGreaterThan(1);
  const newest = await rows.first().locator("td").first().textContent();
  await expect.poll(async () => rows.first().locator("td").first().textContent(), { timeout: 5_000 }).not.toBe(newest);
});
