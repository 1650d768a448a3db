/*
 * An ISP puts its portal on its own domain: the admin adds `portal.bayanfiber.localhost` in Settings → Portal and
 * brand, the check fails until the TXT record exists (served by a DNS stand-in the app is pointed at, see
 * tests/e2e/run.ts), then passes; the domain serves only that ISP's portal (Chromium sends *.localhost to this
 * machine), under its name and never NetSphere's, and the staff pages are not there. Removing the domain ends it.
 */
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { startDnsServer } from "./support/dns";
import { DEMO_PASSWORD, signInWithTwoFactor } from "./support/session";

const domain = "portal.bayanfiber.localhost";
const ispName = "Batangas Fiber Net";
const dnsPort = Number((process.env.DNS_SERVERS ?? "").split(":")[1]);

/** A request to the app as if to `host` (the test runner's own lookups do not send *.localhost to this machine). */
const asHost = (page: Page, host: string, path: string) =>
  page.request.get(`${process.env.E2E_BASE_URL ?? "http://127.0.0.1:3210"}${path}`, { headers: { host }, maxRedirects: 0 });

/** What a visitor can read on the page, its title included. */
const readable = async (page: Page) => `${await page.title()}\n${await page.locator("body").innerText()}`;

test("an ISP's portal on its own domain: verified by DNS, its name only, no staff pages; and by its slug on ours", async ({ page, browser }) => {
  test.setTimeout(240_000);
  expect(dnsPort, "tests/e2e/run.ts sets DNS_SERVERS").toBeGreaterThan(0);
  const dns = await startDnsServer(dnsPort);
  const appOrigin = new URL(process.env.E2E_BASE_URL ?? "http://127.0.0.1:3210").origin;
  const domainHost = `${domain}:${new URL(appOrigin).port}`;
  const domainOrigin = `http://${domainHost}`;
  try {
    await signInWithTwoFactor(page, "admin@demo.netsphere.ph");
    await page.goto("/settings/portal");
    // The form sets its saved value once it has hydrated.
    const slug = "batangas-fiber-net";
    await expect(page.getByLabel("Short name")).toHaveValue(slug);
    await expect(page.getByTestId("portal-address")).toHaveText(`${appOrigin}/portal/${slug}/sign-in`);

    // Added, not yet verified: the records to create are shown; without them the check says what is missing.
    await page.getByLabel("Domain", { exact: true }).fill(`http://${domain.toUpperCase()}/`);
    await page.getByRole("button", { name: "Add domain" }).click();
    const entry = page.getByRole("list", { name: "Custom domains" }).getByRole("listitem").filter({ hasText: domain });
    await expect(entry.getByText("Not verified")).toBeVisible();
    await expect(entry.getByText(`_netsphere.${domain}`)).toBeVisible();
    const txtValue = (await entry.getByText(/^netsphere-verify=/).textContent())!.trim();
    await entry.getByRole("button", { name: `Verify ${domain}` }).click();
    await expect(entry.getByText(`No TXT record _netsphere.${domain} was found yet`, { exact: false })).toBeVisible();
    // The settings page with a domain waiting for its records: accessible in both themes, and usable on a phone.
    await page.setViewportSize({ width: 360, height: 780 });
    for (const theme of ["dark", "light"] as const) {
      await setTheme(page, theme);
      await expect(page.getByRole("list", { name: "Custom domains" })).toBeVisible();
      await expectAccessible(page, `/settings/portal (${theme}, 360 px)`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "/settings/portal scrolls sideways at 360 px").toBeLessThanOrEqual(1);

    // Not verified, not served: the host is the app's, as any unknown one (which has no /bills page).
    expect((await asHost(page, domainHost, "/bills")).status()).toBe(404);

    dns.setTxt(`_netsphere.${domain}`, [txtValue]);
    await entry.getByRole("button", { name: `Verify ${domain}` }).click();
    await expect(entry.getByText(/^Verified /)).toBeVisible();
    await expect(page.getByTestId("portal-address")).toHaveText(`${domainOrigin}/sign-in`);
    // Served at once: the subscriber's bills, which send a visitor without a session to the domain's sign-in page.
    const bills = await asHost(page, domainHost, "/bills");
    expect(bills.status()).toBe(307);
    expect(bills.headers().location).toBe("/sign-in");

    // Staff hand out the domain's address now.
    await page.goto("/customers?status=active");
    // The list is newest first: an earlier spec's new customer (no portal password) may head it; a seeded one ends it.
    await page.locator("main a[href^='/customers/']:not([href$='/new']):not([href$='/at-risk'])").last().click();
    await expect(page.getByTestId("portal-sign-in-link")).toHaveAttribute("href", `${domainOrigin}/sign-in`);
    const account = (await page.locator("main").innerText()).match(/ACC-\d+/)![0];

    // The subscriber on a phone, on the ISP's domain.
    const phone = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true });
    const portal = await phone.newPage();
    await portal.goto(`${domainOrigin}/`);
    await expect(portal).toHaveURL(`${domainOrigin}/sign-in`);
    await expect(portal.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(portal.getByText(ispName).first()).toBeVisible();
    expect(await readable(portal)).not.toMatch(/netsphere/i);
    for (const theme of ["dark", "light"] as const) {
      await setTheme(portal, theme);
      await expectAccessible(portal, `${domain}/sign-in (${theme}, 360 px)`);
    }
    await portal.getByRole("link", { name: "Forgot or never set a password?" }).click();
    await expect(portal).toHaveURL(`${domainOrigin}/forgot-password`);
    await portal.getByRole("link", { name: "Back to sign in" }).click();
    await expect(portal).toHaveURL(`${domainOrigin}/sign-in`);

    await portal.getByLabel("Account number or email").fill(account);
    await portal.getByLabel("Password").fill(DEMO_PASSWORD);
    await portal.getByRole("button", { name: "Sign in" }).click();
    await expect(portal).toHaveURL(`${domainOrigin}/portal`);
    await expect(portal.getByText(account).first()).toBeVisible();
    expect(await readable(portal)).not.toMatch(/netsphere/i);
    await portal.goto(`${domainOrigin}/bills`);
    await expect(portal.locator("main")).toBeVisible();
    expect(await readable(portal)).not.toMatch(/netsphere/i);

    // The session cookie is the domain's alone.
    const cookies = await phone.cookies();
    expect(cookies.find((c) => c.name === "ns_portal")).toMatchObject({ domain, httpOnly: true });

    // Staff pages and the operator's area are not served on the ISP's domain.
    for (const path of ["/dashboard", "/customers", "/settings/portal", "/platform"]) {
      const response = await portal.goto(`${domainOrigin}${path}`);
      expect(response!.status(), path).toBe(404);
    }
    await phone.close();

    // On our own address the portal is reached by the ISP's slug, and the old ?isp= links lead there.
    const visitor = await browser.newContext({ baseURL: appOrigin });
    const app = await visitor.newPage();
    await app.goto(`/portal/${slug}/sign-in`);
    await expect(app.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(app.getByText(ispName).first()).toBeVisible();
    expect(await readable(app)).not.toMatch(/netsphere/i);
    await app.getByRole("link", { name: "Email me a sign-in link" }).click();
    await expect(app).toHaveURL(`${appOrigin}/portal/${slug}/sign-in-link`);
    await visitor.close();
  } finally {
    // Removing the domain ends it at once, and leaves the demo ISP as the other specs expect it.
    await page.goto("/settings/portal");
    const entry = page.getByRole("list", { name: "Custom domains" }).getByRole("listitem").filter({ hasText: domain });
    if ((await entry.count()) > 0) {
      await entry.getByRole("button", { name: `Remove ${domain}` }).click();
      await page.getByRole("button", { name: "Remove domain" }).click();
      await expect(page.getByRole("list", { name: "Custom domains" }).getByRole("listitem").filter({ hasText: domain })).toHaveCount(0);
    }
    await dns.close();
  }
  expect((await asHost(page, domainHost, "/bills")).status()).toBe(404);
});
