import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "./support/session";

/* On the real server (next start), with JavaScript off a sign-in never puts the password in the URL. */

test("with JavaScript off, pressing Enter on the sign-in form posts: no password in the URL", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("tech@demo.netsphere.ph");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame()),
    page.getByLabel("Password").press("Enter"),
  ]);
  expect(request.method()).toBe("POST");
  expect(request.url()).not.toContain(DEMO_PASSWORD);
  expect(request.url()).not.toContain("password");
  await context.close();
});
