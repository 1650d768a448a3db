/*
 * An admin creates an API key for the ISP's website, sees it once, uses it against /api/v1 as an integration would,
 * and revokes it; the key stops working at once.
 */
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { signInWithTwoFactor } from "./support/session";

test("an admin creates a scoped API key, an integration uses it, and revoking it stops it", async ({ page, request }) => {
  await signInWithTwoFactor(page, "admin@demo.netsphere.ph");
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await page.waitForLoadState("networkidle");

  // Nothing chosen: the form says what is missing and creates nothing.
  await page.getByRole("button", { name: "Create API key" }).click();
  await expect(page.getByText("Give the key a name")).toBeVisible();

  const name = `Website sign-up ${Date.now().toString(36)}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Read customers").check();
  await page.getByLabel("Change customers (includes reading)").check();
  await page.getByLabel("Requests per minute").fill("30");
  await page.getByRole("button", { name: "Create API key" }).click();

  const shown = page.getByLabel("API key", { exact: true });
  await expect(shown).toHaveValue(/^nsk_live_[0-9A-Za-z]{40}$/);
  const key = await shown.inputValue();
  const row = page.locator("main li", { hasText: name });
  await expect(row).toContainText("customers:read, customers:write");
  await expect(row).toContainText("Never used");
  await expectAccessible(page, "/settings/api-keys with a new key");

  // The integration: list customers, then add one.
  const auth = { authorization: `Bearer ${key}` };
  const list = await request.get("/api/v1/customers?limit=2", { headers: auth });
  expect(list.status()).toBe(200);
  expect(list.headers()["ratelimit-limit"]).toBe("30");
  const page1 = await list.json();
  expect(page1.data).toHaveLength(2);
  expect(page1.nextCursor).toEqual(expect.any(String));
  const created = await request.post("/api/v1/customers", {
    headers: { ...auth, "idempotency-key": `e2e-${Date.now().toString(36)}` },
    data: { name: "Ligaya Dizon", phone: "09171112222", city: "Tanauan" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const customer = await created.json();
  expect(customer.accountNumber).toBeTruthy();
  const tickets = await request.get("/api/v1/tickets", { headers: auth });
  expect(tickets.status()).toBe(403);
  expect((await tickets.json()).code).toBe("forbidden");

  // The customer is there for staff, and the key shows its use.
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByRole("heading", { name: "Ligaya Dizon" })).toBeVisible();
  await page.goto("/settings/api-keys");
  await expect(page.locator("main li", { hasText: name })).toContainText("Last used");

  await page.getByRole("button", { name: `Revoke API key ${name}` }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.locator("main li", { hasText: name })).toContainText("Revoked");
  expect((await request.get("/api/v1/customers", { headers: auth })).status()).toBe(401);

  const document = await request.get("/api/v1/openapi.json");
  expect((await document.json()).paths["/customers"].post.operationId).toBe("createCustomer");
});

test("the API keys pages work on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 760 });
  await signInWithTwoFactor(page, "admin@demo.netsphere.ph");
  for (const path of ["/settings/api-keys", "/settings/api-keys/reference"]) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await expect(page.getByRole("heading", { name: "Customers", exact: true })).toBeVisible();
  await page.getByRole("navigation", { name: "API sections" }).getByRole("link", { name: "Customers", exact: true }).click();
  await expect(page.getByRole("heading", { name: "GET /customers", exact: true })).toBeInViewport();
});
