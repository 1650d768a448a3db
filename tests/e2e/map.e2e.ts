import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { signIn } from "./support/session";
import { serveLocalTiles } from "./support/tiles";

async function openMap(page: Page) {
  const tiles = await serveLocalTiles(page);
  await signIn(page, "tech@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/field$/);
  await page.goto("/network/map");
  await expect(page.getByRole("heading", { name: "Network map" })).toBeVisible();
  const map = page.getByRole("region", { name: "Network map" });
  await expect(map).toHaveAttribute("data-map-state", "ready", { timeout: 20_000 });
  return { map, tiles };
}

test("the network map draws the demo ISP's routers, sites and subscriber clusters on local tiles, with working layer switches", async ({ page }) => {
  const { map, tiles } = await openMap(page);
  await expect.poll(tiles.tilesServed).toBeGreaterThan(0);
  await expect(map.locator(".leaflet-tile-loaded").first()).toBeVisible();
  await expect(map.getByText("© OpenStreetMap contributors")).toBeVisible();

  // Routers are keyboard-reachable markers named with their status; sites likewise.
  const routers = map.getByRole("button", { name: /^Router .*-CCR\d/ });
  await expect(routers).toHaveCount(3);
  await expect(map.getByRole("button", { name: /^Site / })).toHaveCount(3);
  // 300 demo subscribers around three towns: at this zoom they are grouped into numbered clusters.
  const clusters = map.locator("[data-map-cluster]");
  await expect(clusters.first()).toBeVisible();
  const grouped = (await clusters.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-map-cluster"))))).reduce((a, b) => a + b, 0);
  expect(grouped).toBeGreaterThan(50);

  // A router's popup links to its page.
  await routers.first().click();
  await expect(map.locator(".leaflet-popup").getByRole("link")).toHaveAttribute("href", /^\/routers\/[0-9a-f-]{36}$/);

  // The legend's switches take layers off the map and put them back.
  const legend = page.getByRole("group", { name: "Map legend" });
  await legend.getByRole("checkbox", { name: "Routers" }).uncheck();
  await expect(routers).toHaveCount(0);
  await legend.getByRole("checkbox", { name: "Routers" }).check();
  await expect(routers).toHaveCount(3);
  await legend.getByRole("checkbox", { name: "Subscribers", exact: true }).uncheck();
  await expect(clusters).toHaveCount(0);
  await legend.getByRole("checkbox", { name: "Subscribers", exact: true }).check();
  await expect(clusters.first()).toBeVisible();
  // Showing only suspended subscribers groups fewer of them.
  for (const status of [/^Active/, /^Prospect/]) await legend.getByRole("checkbox", { name: status }).uncheck();
  await expect
    .poll(async () => (await clusters.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-map-cluster"))))).reduce((a, b) => a + b, 0))
    .toBeLessThan(grouped);

  // Clicking a cluster zooms in towards its subscribers (a router's marker may sit on top of it: the click goes to the cluster).
  const zoomBefore = Number(await map.getAttribute("data-map-zoom"));
  await clusters.first().dispatchEvent("click");
  await expect.poll(async () => Number(await map.getAttribute("data-map-zoom"))).toBeGreaterThan(zoomBefore);

  expect(tiles.escaped, "requests that left this machine").toEqual([]);
});

test("the map page lists routers and sites with their coordinates for keyboard and screen-reader users, passes axe and fits 360 px", async ({
  page,
}) => {
  const { tiles } = await openMap(page);
  const places = page.getByRole("region", { name: "Routers and sites" });
  await expect(places.getByRole("row", { name: /Tanauan-CCR1/ })).toContainText(/14\.08\d+, 121\.14\d+/);
  await expect(places.getByRole("link", { name: "Tanauan-CCR1" })).toHaveAttribute("href", /^\/routers\//);
  await expect(places.getByRole("row", { name: /^Lipa Tower Site/ })).toContainText(/13\.95\d+, 121\.15\d+/);
  await expect(page.getByRole("heading", { name: "Subscribers in outage areas" })).toBeVisible();

  for (const theme of ["dark", "light"] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `/network/map (${theme})`);
  }
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  await expect(page.getByRole("region", { name: "Network map" })).toHaveAttribute("data-map-state", "ready", { timeout: 20_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "the map page scrolls sideways at 360 px").toBeLessThanOrEqual(1);
  await expectAccessible(page, "/network/map (360 px)");
  expect(tiles.escaped, "requests that left this machine").toEqual([]);
});

test("a technician saves the customer's location from the phone's GPS, confirming before the saved one is replaced", async ({ page, context }) => {
  await context.grantPermissions(["geolocation"]);
  await context.setGeolocation({ latitude: 14.08712, longitude: 121.15034, accuracy: 9 });
  await page.setViewportSize({ width: 360, height: 780 });
  await signIn(page, "tech@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/field$/);
  await page.locator('main a[href^="/field/tickets/"]').first().click();
  await page.getByRole("button", { name: "Save this location (GPS)" }).click();
  const flow = page.getByRole("group", { name: "Save this location" });
  // Demo customers already have a location: the phone's is offered in its place, not written over it.
  await expect(flow.getByRole("status")).toContainText("with this one: 14.08712, 121.15034, within 9 m?");
  await flow.getByRole("button", { name: "Replace location" }).click();
  await expect(flow.getByRole("status")).toContainText("Saved 14.08712, 121.15034 (within 9 m)");
});
