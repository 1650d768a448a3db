import { expect, test } from "@playwright/test";
import { signIn } from "./support/session";

/*
 * The list's state lives in the URL. A filter chosen while the debounced search is still waiting (or while its
 * page loads) must survive the search landing: the search builds on the newest filters, never on older ones.
 */
test("a filter chosen right after typing a search is kept when the search lands, and so is clearing both", async ({ page }) => {
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/customers?status=active");
  const status = page.getByLabel("Status");
  await expect(status).toHaveValue("active");

  await page.getByLabel("Search customers").fill("cruz");
  await status.selectOption("lead");
  await expect(page).toHaveURL(/q=cruz/);
  await expect(page).toHaveURL(/status=lead/);
  // Well past the debounce and both page loads: nothing snaps back.
  await page.waitForTimeout(1_500);
  await expect(status).toHaveValue("lead");
  await expect(page).toHaveURL(/status=lead/);
  await expect(page).toHaveURL(/q=cruz/);

  await page.getByLabel("Search customers").fill("");
  await status.selectOption("");
  await page.waitForTimeout(1_500);
  await expect(status).toHaveValue("");
  await expect(page).not.toHaveURL(/status=/);
  await expect(page).not.toHaveURL(/q=/);
});

test("on a 1366 px screen every column of the customer list fits, the Created column included", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/customers");
  await expect(page.getByRole("columnheader", { name: /Created/ })).toBeVisible();
  const clipped = await page.locator("main table").evaluate((table) => {
    const box = table.parentElement!;
    return box.scrollWidth - box.clientWidth;
  });
  expect(clipped, "the customer table scrolls sideways at 1366 px").toBeLessThanOrEqual(1);
});
