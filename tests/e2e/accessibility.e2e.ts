import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { signInWithTwoFactor } from "./support/session";
import { serveLocalTiles } from "./support/tiles";

const staffPages = [
  "/dashboard",
  "/customers",
  "/customers/new",
  "/leads",
  "/plans",
  "/plans/new",
  "/routers",
  "/import",
  "/staff",
  "/audit",
  "/mailbox",
  "/settings",
  "/settings/plan",
  "/settings/data-top-ups",
  "/settings/portal",
  "/settings/api-keys",
  "/settings/api-keys/reference",
  "/settings/webhooks",
  "/billing",
  "/billing/payments",
  "/billing/runs",
  "/billing/settings",
  "/billing/promos",
  "/billing/template",
  "/billing/gateways",
  "/billing/settlement",
  "/finance",
  "/finance/tax",
  "/finance/details?metric=overdue",
  "/onboarding",
  "/account",
  "/tickets",
  "/tickets/new",
  "/tickets/report",
  "/settings/sla",
  "/network",
  "/network/incidents",
  "/network/incidents/report",
  "/network/rules",
  "/network/maintenance",
  "/settings/notifications",
  "/settings/notifications/templates",
  "/settings/notifications/outbox",
  "/field",
  "/network/topology",
  "/network/map",
  "/network/ipam",
  "/network/analytics/anomalies",
  "/network/analytics/capacity",
  "/customers/at-risk",
  "/reports",
  "/reports/builder",
];
/** A customer's sections beside the overview. */
const customerSubpages = ["/billing", "/tickets", "/documents", "/communications"];
/** Sections of the first demo router's detail page (its id is looked up on /routers). */
const routerSubpages = ["", "/traffic", "/provisioning", "/hotspot", "/queues"];
const publicPages = [
  "/sign-in",
  "/sign-up",
  "/forgot-password",
  "/reset-password?token=expired-token",
  "/invite/not-a-real-invitation",
  "/forbidden",
  "/portal/sign-in",
  "/portal/forgot-password",
  "/portal/sign-in-link",
  "/portal/set-password?token=expired-token",
  "/portal/magic?token=expired-token",
];

async function checkPage(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("main")).toBeVisible();
  for (const theme of ["dark", "light"] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `${path} (${theme})`);
  }
}

async function noHorizontalOverflow(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("main")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${path} scrolls sideways at 360 px`).toBeLessThanOrEqual(1);
}

test.describe.configure({ mode: "serial" });

test("public pages have no axe violations in dark and light mode", async ({ page }) => {
  for (const path of publicPages) await checkPage(page, path);
});

test("every staff page has no axe violations in dark and light mode, and works at 360 px", async ({ page }) => {
  test.setTimeout(900_000);
  // The network map's tiles come from the local fixture.
  await serveLocalTiles(page);
  // Whichever spec signs the admin in first enrols them; the others answer the challenge.
  await signInWithTwoFactor(page, "admin@demo.netsphere.ph");
  await page.goto("/customers");
  const firstCustomer = page.locator('a[href^="/customers/"]:not([href$="/new"]):not([href$="/at-risk"])').first();
  const customerPath = await firstCustomer.getAttribute("href");
  await page.goto("/routers");
  const routerPath = await page.locator('main table a[href^="/routers/"]').first().getAttribute("href");
  const routerPaths = routerSubpages.map((suffix) => `${routerPath}${suffix}`);
  await page.goto("/billing");
  const invoicePath = await page.locator('main table a[href^="/billing/invoices/"]').first().getAttribute("href");
  await page.goto("/billing/payments");
  const receiptPath = await page.locator('main table a[href^="/billing/receipts/"]').first().getAttribute("href");
  await page.goto("/tickets");
  const ticketPath = await page.locator('main a[href^="/tickets/"]:not([href$="/new"]):not([href*="/report"])').first().getAttribute("href");
  // An incident's page when the demo has had one (the simulated routers may all be up).
  await page.goto("/network/incidents?status=all");
  const incidentLinks = page.locator('main table a[href^="/network/incidents/"]');
  const incidentPath = (await incidentLinks.count()) > 0 ? await incidentLinks.first().getAttribute("href") : null;
  const recordPaths = [
    ...customerSubpages.map((suffix) => `${customerPath}${suffix}`),
    invoicePath!,
    receiptPath!,
    ticketPath!,
    ticketPath!.replace("/tickets/", "/field/tickets/"),
    ...(incidentPath ? [incidentPath] : []),
  ];
  for (const path of [...staffPages, customerPath!, ...routerPaths, ...recordPaths]) await checkPage(page, path);

  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of [...staffPages, customerPath!, ...routerPaths, ...recordPaths]) await noHorizontalOverflow(page, path);
  await page.goto("/dashboard");
  await expect(page.getByRole("navigation", { name: "Main (phone)" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main", exact: true })).toBeHidden();
});

test("the operator area is accessible, and its NetSphere billing pages work at 360 px", async ({ page }) => {
  await signInWithTwoFactor(page, "operator@netsphere.ph");
  await expect(page).toHaveURL(/\/platform/);
  const operatorPages = ["/platform", "/platform/billing", "/platform/gateways"];
  for (const path of operatorPages) await checkPage(page, path);
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of operatorPages.slice(1)) await noHorizontalOverflow(page, path);
});

test("keyboard: the skip link is the first stop and jumps to the content", async ({ page }) => {
  await page.goto("/sign-in");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});
