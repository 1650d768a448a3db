import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { signInWithTwoFactor } from "./support/session";

/*
 * A router's WireGuard tunnel on Router → Provisioning: the ISP's hub set up (a bad prefix refused on its field), a
 * tunnel enabled with the next address, its script shown with the private key hidden until revealed, applying it
 * through the API refused for this RouterOS 6 router with the reason, and the card at 360 px. "Connect through the tunnel" is not switched on here: the app would then connect to a 10.99.0.x address,
 * which this test machine must not send to (tests/tunnels/netns.test.ts does that inside network namespaces).
 */
test("an admin sets up the hub and gives a router a tunnel: field errors, script with the key hidden, reveal, 360 px", async ({ page }) => {
  test.setTimeout(90_000);
  await signInWithTwoFactor(page, "admin@demo.netsphere.ph");
  await page.goto("/routers");
  await page.getByRole("main").getByRole("link", { name: "Santo-CCR3" }).click();
  await page.getByRole("link", { name: "Provisioning", exact: true }).click();
  const card = page
    .getByRole("main")
    .locator("section", { has: page.getByRole("heading", { name: "Tunnel", exact: true }) })
    .first();

  const hubForm = card.getByRole("form", { name: "WireGuard hub settings" });
  await hubForm.getByLabel("Hub's public address").fill("hub.batangas-fiber.example");
  await hubForm.getByLabel("Tunnel prefix").fill("10.99.0.0/33");
  await hubForm.getByRole("button", { name: "Set up the hub" }).click();
  await expect(hubForm.getByText("Enter an IPv4 prefix such as 10.99.0.0/24.")).toBeVisible();
  await expect(card.getByRole("button", { name: "Enable a tunnel for this router" })).toHaveCount(0);

  await hubForm.getByLabel("Tunnel prefix").fill("10.99.0.0/24");
  await hubForm.getByRole("button", { name: "Set up the hub" }).click();
  await card.getByRole("button", { name: "Enable a tunnel for this router" }).click();
  await expect(card.locator("p", { hasText: /^Now:/ })).toContainText("this router's tunnel address is 10.99.0.2");
  await expect(card.locator("p", { hasText: /^Tunnel:/ })).toContainText("The hub has not reported a handshake from this router yet.");
  // NetSphere still connects to the router's own host until the switch is turned on.
  await expect(card.locator("p", { hasText: /^Now:/ })).toContainText("(its host)");

  const commands = card.getByRole("region", { name: "RouterOS tunnel script" }).getByLabel("RouterOS 7 tunnel commands");
  await expect(commands).toContainText('private-key="<private-key>"');
  await expect(commands).toContainText("endpoint-address=hub.batangas-fiber.example");
  await card.getByRole("button", { name: "Reveal the router's private key" }).click();
  await expect(commands).toContainText(/private-key="[A-Za-z0-9+/]{43}="/);

  // Applying it through the API: this demo router runs RouterOS 6, which has no WireGuard, and says so.
  await card.getByRole("button", { name: "Apply on the router now" }).click();
  await expect(page.getByText(/This router runs RouterOS 6, which has no WireGuard/)).toBeVisible();

  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "scrolls sideways at 360 px").toBeLessThanOrEqual(1);
  await expectAccessible(page, "/routers/[routerId]/provisioning with a tunnel (360 px)");
  await card.screenshot({ path: test.info().outputPath("tunnel-card-360.png") });
});
