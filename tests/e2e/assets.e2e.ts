import { expect, test } from "@playwright/test";

test("the icons a browser asks for on its own are served: /favicon.ico, the manifest and its icons", async ({ request }) => {
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  const { icons } = (await manifest.json()) as { icons: { src: string }[] };
  for (const icon of icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);
});

test("only the technician's pages offer the NetSphere app: the subscriber portal and sign-in link no manifest", async ({ page }) => {
  for (const path of ["/portal/batangas-fiber-net/sign-in", "/sign-in"]) {
    await page.goto(path);
    await expect(page.locator('link[rel="manifest"]'), path).toHaveCount(0);
  }
});
