import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { signInWithTwoFactor } from "./support/session";

/** The Links table's text, read again after a reload (the page shows what the last polls stored). */
async function linksText(page: Page): Promise<string> {
  await page.reload();
  const table = page.getByRole("region", { name: "Links" });
  return (await table.count()) > 0 ? ((await table.textContent()) ?? "") : "";
}

test("the topology shows the demo routers linked as their neighbour tables say, as a drawing and as lists", async ({ page }) => {
  test.setTimeout(240_000);
  await signInWithTwoFactor(page, "owner@demo.netsphere.ph");
  await page.goto("/network/topology");
  await expect(page.getByRole("heading", { name: "Topology", level: 1 })).toBeVisible();

  // The simulated routers are cabled Tanauan ether2 – Lipa ether1 – Lipa ether2 – Santo Tomas ether1; the server
  // polls every 30 s, and a router's neighbours become links once the far router's ports are known.
  const lipaToSanto = /(Santo-CCR3 ether1 – Lipa-CCR2 ether2|Lipa-CCR2 ether2 – Santo-CCR3 ether1)Ethernet[^]*?discovered/;
  await expect.poll(() => linksText(page), { timeout: 150_000, intervals: [5_000] }).toMatch(lipaToSanto);
  // The backbone fibre was drawn by hand in the demo; discovery confirms it. The backup leased line no router sees.
  await expect.poll(() => linksText(page), { timeout: 90_000, intervals: [5_000] }).toMatch(/Backbone fibre/);
  const links = page.getByRole("region", { name: "Links" });
  await expect(links.getByRole("row", { name: /Tanauan-CCR1 ether2 – Lipa-CCR2 ether1|Lipa-CCR2 ether1 – Tanauan-CCR1 ether2/ })).toContainText(
    "Fibre, 1 Gbps",
  );
  await expect(links.getByRole("row", { name: /Backup leased line/ })).toContainText("drawn by hand");
  await expect(links.getByRole("row", { name: /Backup leased line/ })).not.toContainText("seen by the routers");

  // Each router with its links, by site.
  const lipa = page.getByRole("region", { name: "Lipa Tower" });
  await expect(lipa.getByRole("link", { name: "Lipa-CCR2" })).toBeVisible();
  await expect(lipa).toContainText("ether1 → Tanauan-CCR1 ether2");
  await expect(lipa).toContainText("ether2 → Santo-CCR3 ether1");

  // The unmanaged switch on Tanauan's ether1 is none of the ISP's routers.
  const unknown = page.getByRole("region", { name: "Unknown neighbours" });
  await expect(unknown.getByRole("row", { name: /SW-Core-Unmanaged/ })).toContainText("Tanauan-CCR1 ether1");

  // "Add as router" opens the add form with the neighbour's identity and address filled in; the credentials are the staff's to type.
  await unknown.getByRole("link", { name: "Add SW-Core-Unmanaged as a router" }).click();
  await expect(page).toHaveURL(/\/routers\?name=SW-Core-Unmanaged&host=10\.254\.0\.2#add-router$/);
  const addForm = page.locator("#add-router");
  await expect(addForm.getByLabel("Router name")).toHaveValue("SW-Core-Unmanaged");
  await expect(addForm.getByLabel("Host or IP address")).toHaveValue("10.254.0.2");
  await expect(addForm.getByLabel("API username")).toHaveValue("");
  await expect(addForm.getByLabel("API password")).toHaveValue("");

  // A link opens the traffic of its port: from the list, and from the drawing by keyboard.
  const lipaSantoName = /(Santo-CCR3 ether1 – Lipa-CCR2 ether2|Lipa-CCR2 ether2 – Santo-CCR3 ether1)$/;
  const trafficUrl = /\/routers\/[0-9a-f-]{36}\/traffic\?interface=ether[12]$/;
  await page.goto("/network/topology");
  await page
    .getByRole("region", { name: "Links" })
    .getByRole("link", { name: new RegExp(`^Traffic of the link ${lipaSantoName.source}`) })
    .click();
  await expect(page).toHaveURL(trafficUrl);
  await expect(page.getByLabel("Interface", { exact: true })).toHaveValue(new URL(page.url()).searchParams.get("interface")!);
  await page.goto("/network/topology");
  await page
    .getByRole("group", { name: /^Drawing of / })
    .getByRole("link", { name: /^Link (Santo-CCR3 ether1 to Lipa-CCR2 ether2|Lipa-CCR2 ether2 to Santo-CCR3 ether1): .*Opens the traffic of / })
    .press("Enter");
  await expect(page).toHaveURL(trafficUrl);
  await expect(page.getByLabel("Interface", { exact: true })).toHaveValue(new URL(page.url()).searchParams.get("interface")!);
  // A port the router does not have falls back to the default one.
  await page.goto(page.url().replace(/\?interface=.*$/, "?interface=no-such-port"));
  await expect(page.getByLabel("Interface", { exact: true })).not.toHaveValue("no-such-port");
  await expect(page.getByLabel("Interface", { exact: true })).toHaveValue(/\S/);
  await page.goto("/network/topology");

  // The drawing: a router is a link to its page, named with its status.
  const drawing = page.getByRole("group", { name: /^Drawing of 3 routers and \d+ links$/ });
  await expect(drawing).toBeVisible();
  await expect(drawing.getByRole("link", { name: /^Lipa-CCR2: online/ })).toBeVisible();
  await drawing.getByRole("link", { name: /^Santo-CCR3: / }).click();
  await expect(page).toHaveURL(/\/routers\/[0-9a-f-]{36}$/);

  await page.goto("/network/topology");
  for (const theme of ["dark", "light"] as const) {
    await setTheme(page, theme);
    await expect(drawing.getByRole("link", { name: /^Lipa-CCR2: / })).toBeVisible();
    await expectAccessible(page, `/network/topology (${theme})`);
  }

  // A phone gets the lists without the drawing, and nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  await expect(page.getByRole("region", { name: "Links" })).toBeVisible();
  await expect(drawing).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "scrolls sideways at 360 px").toBeLessThanOrEqual(1);
  await expectAccessible(page, "/network/topology (360 px)");
});
