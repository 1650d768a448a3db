import { expect, test } from "@playwright/test";
import { signIn } from "./support/session";

/*
 * The server stamps each request with its socket's address; a client's own X-Forwarded-For counts for nothing.
 * A sign-in sent with a forged header is recorded with the real address (these tests all come from 127.0.0.1).
 */
test("a session signed in with a forged X-Forwarded-For is recorded with the socket's address", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.66" } });
  const page = await context.newPage();
  await signIn(page, "tech@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/field/);
  await page.goto("/account");
  const sessions = page.locator("main");
  // The account page names a loopback address "this computer (localhost)".
  await expect(sessions).toContainText("IP this computer (localhost)");
  await expect(sessions).not.toContainText("203.0.113.66");
  await context.close();
});
