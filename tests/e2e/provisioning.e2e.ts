import { expect, test } from "@playwright/test";
import { signIn } from "./support/session";
import { RouterOsClient } from "@/lib/routeros/client";

/*
 * The router side is checked through the RouterOS API of the demo's simulated router (Tanauan-CCR1 on
 * 127.0.0.1:18728, or DEMO_ROUTER_PORT_BASE), the way a technician would look in Winbox: not through our own database.
 */
async function withDemoRouter<T>(task: (api: RouterOsClient) => Promise<T>): Promise<T> {
  const port = Number(process.env.DEMO_ROUTER_PORT_BASE ?? 18728);
  const api = new RouterOsClient({ host: "127.0.0.1", port, username: "netsphere", password: "demo-router-1", timeoutMs: 5000 });
  await api.connect();
  try {
    return await task(api);
  } finally {
    await api.close();
  }
}

const secretOf = (username: string) =>
  withDemoRouter(
    async (api) => (await api.write("/ppp/secret/print", { ".proplist": "name,profile,comment,disabled" }, [`?name=${username}`])).rows[0],
  );
const sessionOf = (username: string) =>
  withDemoRouter(async (api) => (await api.write("/ppp/active/print", { ".proplist": ".id,name,uptime" }, [`?name=${username}`])).rows[0]);

test("activating a subscriber provisions the router within 5 s; suspension isolates and kicks; reactivation restores", async ({ page }) => {
  test.setTimeout(90_000);
  const username = `e2e-${Date.now().toString(36)}`;
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);

  await page.goto("/customers/new");
  await page.getByLabel("Full name").fill("Rowena Umali");
  await page.getByLabel("Mobile number").fill("0917 555 0101");
  await page.getByLabel("Create a subscription now").check();
  // Home plans come first and say what they are; pick a PPPoE one, not a hotspot pass.
  const planPicker = page.getByLabel("Plan", { exact: true });
  await expect(planPicker.locator("option").first()).toContainText("PPPoE");
  await planPicker.selectOption((await planPicker.locator("option", { hasText: "PPPoE" }).nth(1).getAttribute("value"))!);
  await page.getByLabel("Router").selectOption({ label: "Tanauan-CCR1" });
  await page.getByLabel("PPPoE / hotspot username").fill(username);
  const saved = Date.now();
  await page.getByRole("button", { name: /create customer/i }).click();
  await expect(page.getByRole("heading", { name: "Rowena Umali" })).toBeVisible();

  await expect
    .poll(() => secretOf(username), { timeout: 5000, intervals: [200] })
    .toMatchObject({ comment: expect.stringMatching(/^netsphere:[a-z0-9]+:[0-9a-f]{8}:sub:/) });
  expect(Date.now() - saved).toBeLessThan(5000);
  const planProfile = (await secretOf(username))!.profile;
  expect(planProfile).toMatch(/^ns-/);
  // The simulated CPE dials in.
  await expect.poll(() => sessionOf(username), { timeout: 15_000 }).toBeDefined();
  const firstSession = (await sessionOf(username))![".id"];
  await page.reload();
  await expect(page.getByText("On router")).toBeVisible();

  await page.getByRole("button", { name: `Suspend ${username}` }).click();
  await page.getByLabel("Reason").fill("Unpaid November bill");
  await page
    .getByRole("button", { name: `Suspend ${username}` })
    .last()
    .click();
  await expect(page.getByText(/1 subscription suspended/)).toBeVisible();
  expect((await secretOf(username))!.profile).toBe("netsphere-isolir");
  const afterSuspend = await sessionOf(username);
  expect(afterSuspend?.[".id"]).not.toBe(firstSession);
  await expect(page.getByText("Suspended: Unpaid November bill")).toBeVisible();

  await page.getByRole("button", { name: `Reactivate ${username}` }).click();
  await page.getByLabel("Reason").fill("Paid via GCash");
  await page
    .getByRole("button", { name: `Reactivate ${username}` })
    .last()
    .click();
  await expect(page.getByText(/1 subscription reactivated/)).toBeVisible();
  expect((await secretOf(username))!.profile).toBe(planProfile);
});

test("support previews a reconcile of a demo router, applies it, and reads the drift report", async ({ page }) => {
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/routers");
  await page.getByRole("link", { name: "Tanauan-CCR1" }).click();
  await page.getByRole("link", { name: "Provisioning" }).click();
  await expect(page.getByRole("heading", { name: "Drift reports" })).toBeVisible();
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Preview:" })).toContainText("already right");
  await page.getByRole("button", { name: "Reconcile now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Applied:" })).toBeVisible();
  await page
    .getByRole("link", { name: /\d{1,2}:\d{2}/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: /Drift report/ })).toBeVisible();
  await page.getByRole("link", { name: "Back to provisioning" }).click();
  await expect(page.getByLabel("RouterOS commands for the isolation firewall")).toContainText("src-address-list=netsphere-isolir");
});
