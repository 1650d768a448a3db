import { expect, test } from "@playwright/test";
import { signIn } from "./support/session";

test("a technician tests a demo router's connection and sees it online with its identity and version", async ({ page }) => {
  await signIn(page, "tech@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/routers");
  await page.getByRole("button", { name: "Test connection to Tanauan-CCR1" }).click();
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "RouterOS 7.19.2" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Tanauan-CCR1/ })).toContainText("online");
  // Technicians can check a router but not change it.
  await expect(page.getByRole("heading", { name: "Add a router" })).toHaveCount(0);
});
