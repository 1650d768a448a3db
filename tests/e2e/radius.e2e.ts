import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { signInWithTwoFactor } from "./support/session";

/*
 * A router's subscriber authentication on Router → Provisioning: a bad source address is refused on its field, the
 * switch to RADIUS is previewed from the router's own subscribers with nothing changed, and the card reads well at
 * 360 px. (The switch itself, FreeRADIUS answering and CoA reaching live sessions: tests/radius/loop.test.ts.)
 */
test("an admin previews switching a router to RADIUS: field errors, what moves, nothing changed, accessible at 360 px", async ({ page }) => {
  test.setTimeout(90_000);
  await signInWithTwoFactor(page, "admin@demo.netsphere.ph");
  await page.goto("/routers");
  await page.getByRole("main").getByRole("link", { name: "Tanauan-CCR1" }).click();
  await page.getByRole("link", { name: "Provisioning", exact: true }).click();
  const card = page
    .getByRole("main")
    .locator("section", { has: page.getByRole("heading", { name: "Subscriber authentication" }) })
    .first();
  await expect(card.locator("p", { hasText: /^Now:/ })).toContainText("API push");

  const form = card.getByRole("form", { name: "RADIUS settings" });
  // The preview waits for valid settings: each wrong field says what it needs.
  await form.getByLabel("Source address of the router's RADIUS packets").fill("tanauan.example");
  await form.getByLabel("CoA port").fill("70000");
  await card.getByRole("button", { name: "Preview switching to RADIUS" }).click();
  await expect(form.getByText("Enter the IPv4 address the router sends RADIUS from, e.g. 10.99.0.2.")).toBeVisible();
  await expect(form.getByText("Enter a port from 1 to 65535.")).toBeVisible();
  const preview = card.getByRole("region", { name: "Preview of the switch" });
  await expect(preview).toHaveCount(0);

  await form.getByLabel("Source address of the router's RADIUS packets").fill("10.99.0.2");
  await form.getByLabel("CoA port").fill("3799");
  await card.getByRole("button", { name: "Preview switching to RADIUS" }).click();
  await expect(preview.getByRole("status")).toContainText(/[1-9]\d* PPPoE and \d+ hotspot accounts? moves? to RADIUS/);
  await expect(preview).toContainText("No RADIUS server is configured");
  // Without a RADIUS server the switch cannot be made, and the preview changed nothing.
  await expect(preview.getByRole("button", { name: "Switch to RADIUS" })).toBeDisabled();
  await page.reload();
  await expect(card.locator("p", { hasText: /^Now:/ })).toContainText("API push");

  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "scrolls sideways at 360 px").toBeLessThanOrEqual(1);
  await expectAccessible(page, "/routers/[routerId]/provisioning (360 px)");
});
