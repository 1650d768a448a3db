/*
 * A static address from IP management reaches the router. Named to run after the portal specs: the customer it
 * creates would otherwise be the first active customer they pick for a portal sign-in.
 */
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { signIn, signInWithTwoFactor } from "./support/session";
import { RouterOsClient } from "@/lib/routeros/client";

/* The router side is read through the RouterOS API of the demo's first simulated router (Tanauan-CCR1). */
const routerPort = Number(process.env.DEMO_ROUTER_PORT_BASE ?? 18728);

async function remoteAddressOf(username: string): Promise<string | undefined> {
  const api = new RouterOsClient({ host: "127.0.0.1", port: routerPort, username: "netsphere", password: "demo-router-1", timeoutMs: 5000 });
  await api.connect();
  try {
    const [row] = (await api.write("/ppp/secret/print", { ".proplist": "name,remote-address" }, [`?name=${username}`])).rows;
    return row?.["remote-address"];
  } finally {
    await api.close();
  }
}

/** The customer the first test creates, whose static address the second one bills. */
let customerUrl = "";
let customerUsername = "";

async function poolOnRouter(name: string): Promise<string | undefined> {
  const api = new RouterOsClient({ host: "127.0.0.1", port: routerPort, username: "netsphere", password: "demo-router-1", timeoutMs: 5000 });
  await api.connect();
  try {
    const [row] = (await api.write("/ip/pool/print", { ".proplist": "name,ranges" }, [`?name=${name}`])).rows;
    return row?.ranges;
  } finally {
    await api.close();
  }
}

test("a static address from a pool reaches the router's secret, and the IP page says who holds it", async ({ page }) => {
  test.setTimeout(90_000);
  const username = `ipam-${Date.now().toString(36)}`;
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);

  await page.goto("/network/ipam");
  const tree = page.getByRole("region", { name: "Prefixes and pools" });
  await expect(tree.getByText("10.0.0.0/8", { exact: true })).toBeVisible();
  await expect(tree.getByText("Pool static-pool")).toBeVisible();
  await expectAccessible(page, "/network/ipam");

  await page.goto("/customers/new");
  await page.getByLabel("Full name").fill("Lorna Katigbak");
  await page.getByLabel("Mobile number").fill("0917 555 0177");
  await page.getByLabel("Create a subscription now").check();
  const planPicker = page.getByLabel("Plan", { exact: true });
  await planPicker.selectOption((await planPicker.locator("option", { hasText: "PPPoE" }).nth(1).getAttribute("value"))!);
  await page.getByLabel("Router").selectOption({ label: "Tanauan-CCR1" });
  await page.getByLabel("PPPoE / hotspot username").fill(username);
  await page.getByRole("button", { name: /create customer/i }).click();
  await expect(page.getByRole("heading", { name: "Lorna Katigbak" })).toBeVisible();
  customerUrl = page.url();
  customerUsername = username;

  await page.getByRole("button", { name: `Static IP of ${username}` }).click();
  const dialog = page.getByRole("dialog", { name: `Static IP of ${username}` });
  // A typed address that is not one is refused on the field, and nothing changes.
  await dialog.getByLabel("Address", { exact: true }).fill("100.64.0.999");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Enter an IPv4 address")).toBeVisible();
  await dialog.getByLabel("Address", { exact: true }).fill("");
  await dialog.getByLabel("Or the next free address of").selectOption({ label: "static-pool (100.64.0.10-100.64.0.250)" });
  await dialog.getByRole("button", { name: "Save" }).click();
  const toast = page.getByText(new RegExp(`${username} now has (100\\.64\\.0\\.\\d+)`));
  await expect(toast).toBeVisible();
  const address = (await toast.textContent())!.match(/100\.64\.0\.\d+/)![0];

  await expect.poll(() => remoteAddressOf(username), { timeout: 10_000, intervals: [250] }).toBe(address);

  await page.goto(`/network/ipam?address=${address}`);
  await expect(page.getByRole("status").filter({ hasText: address })).toContainText("assigned to Lorna Katigbak");
  await expect(page.getByRole("status").filter({ hasText: address })).toContainText("Pool static-pool");

  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "scrolls sideways at 360 px").toBeLessThanOrEqual(1);
  await expectAccessible(page, "/network/ipam (360 px)");
});

test("an admin puts a pool on a router with a monthly fee: the router gets the pool, and a static address from it is billed as an add-on", async ({
  page,
}) => {
  test.setTimeout(90_000);
  expect(customerUrl, "the first test made the customer").not.toBe("");
  await signInWithTwoFactor(page, "admin@demo.netsphere.ph");

  await page.goto("/network/ipam");
  await page.getByRole("button", { name: "Edit pool static-pool" }).click();
  const edit = page.getByRole("dialog", { name: "Edit pool static-pool" });
  await edit.getByLabel("Monthly fee for a static address (₱)").fill("three hundred");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByText("An amount like 500.00")).toBeVisible();
  await edit.getByLabel("Router").selectOption({ label: "Tanauan-CCR1" });
  await edit.getByLabel("Monthly fee for a static address (₱)").fill("300");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  const tree = page.getByRole("region", { name: "Prefixes and pools" });
  await expect(tree.getByText("On Tanauan-CCR1")).toBeVisible();
  await expect(tree.getByText("₱300.00/month per static address")).toBeVisible();
  // The router's /ip/pool follows at once (a reconcile requested on save).
  await expect.poll(() => poolOnRouter("static-pool"), { timeout: 15_000, intervals: [250] }).toBe("100.64.0.10-100.64.0.250");

  await page.goto(customerUrl);
  await expect(page.getByText(/^Static IP 100\.64\.0\.\d+: billed ₱300\.00\/month as an add-on$/)).toBeVisible();
  await page.getByRole("button", { name: `Static IP of ${customerUsername}` }).click();
  const dialog = page.getByRole("dialog", { name: `Static IP of ${customerUsername}` });
  await dialog.getByLabel("Or the next free address of").selectOption({ label: "static-pool (100.64.0.10-100.64.0.250) · ₱300.00/month" });
  await expect(dialog.getByText("Billed ₱300.00/month as an add-on on this subscription's invoice.")).toBeVisible();
  await expectAccessible(page, "static IP dialog with a billed pool");
});
