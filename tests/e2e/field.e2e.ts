import { expect, test } from "@playwright/test";
import { expectAccessible, setTheme } from "./support/a11y";
import { signIn } from "./support/session";

/** A 1×1 PNG: a real image for the storage checks, small enough to sit in the phone's queue. */
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f6e1d40000000049454e44ae426082",
  "hex",
);

test.use({ viewport: { width: 360, height: 780 }, hasTouch: true });

test("technician on a phone: today's ticket, live status, kick, work log offline, sync, close the job", async ({ page, context }) => {
  test.setTimeout(300_000);
  await signIn(page, "tech@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/field$/);
  await expect(page.getByRole("heading", { name: "My jobs today" })).toBeVisible();
  for (const theme of ["dark", "light"] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `/field (${theme}, 360 px)`);
  }
  // While there is signal, the installed app saves today's job pages for dead zones.
  await expect(page.getByTestId("offline-ready")).toBeVisible({ timeout: 30_000 });
  // The phone bottom bar leads to the job list.
  await expect(page.getByRole("navigation").getByRole("link", { name: "My jobs" }).last()).toBeVisible();

  await page.getByRole("link", { name: /No internet since this morning/ }).click();
  await expect(page.getByRole("heading", { name: /No internet since this morning/ })).toBeVisible();
  // Live status comes from the simulated router: the subscriber's CPE is dialled in. On a first start the demo's
  // routers share the app's process with the first billing pass, so their first reconcile may time out and retry
  // (30–60 s later) before the subscriber's account is on the router.
  const state = page.getByTestId("live-state");
  const refresh = page.getByRole("button", { name: "Refresh live status" });
  await expect
    .poll(
      async () => {
        await refresh.click();
        return state.textContent();
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toBe("Online");
  await expect(page.getByText("IP address")).toBeVisible();
  for (const theme of ["dark", "light"] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `field ticket (${theme}, 360 px)`);
  }

  await page.getByRole("button", { name: "Kick session" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Kick session" }).click();
  await expect(page.getByText(/was disconnected/)).toBeVisible();
  await expect(state).toHaveText("Offline");
  // The CPE dials straight back in (a few seconds on the simulator).
  await expect
    .poll(
      async () => {
        await refresh.click();
        return state.textContent();
      },
      { timeout: 30_000, intervals: [2000] },
    )
    .toBe("Online");

  // The technician's pages offer the installable app.
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");

  // No signal: the saved job page still opens (from the service worker) and its work log is kept on the phone.
  const jobUrl = page.url();
  expect(await page.evaluate(async (url) => (await caches.match(url))?.status, jobUrl)).toBe(200);
  await context.setOffline(true);
  await page.goto(jobUrl);
  await expect(page.getByRole("heading", { name: /No internet since this morning/ })).toBeVisible();
  await page.getByRole("button", { name: "Arrived now" }).click();
  await page.getByLabel("What was done").fill("Spliced the drop cable at the pole; ONU back online.");
  await page.getByRole("button", { name: "Add material" }).click();
  await page.getByLabel("Item").fill("Fiber drop cable");
  await page.getByLabel("Qty").fill("25");
  await page.getByLabel("Unit").fill("m");
  await page.getByLabel("Photos").setInputFiles({ name: "pole.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Save work log" }).click();
  await expect(page.getByText(/You are offline/)).toBeVisible();
  await expect(page.getByText("1 work log waiting to sync")).toBeVisible();
  await expect(page.getByTestId("work-log")).toHaveCount(0);

  // Back online: it syncs by itself, once, with its photo.
  await context.setOffline(false);
  await expect(page.getByText("waiting to sync")).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId("work-log")).toHaveCount(1);
  await expect(page.getByTestId("work-log")).toContainText("Spliced the drop cable");
  await expect(page.getByTestId("work-log")).toContainText("25 m Fiber drop cable");
  await expect(page.getByRole("img", { name: "Photo pole.png" })).toBeVisible();

  await page.getByRole("button", { name: "Close job" }).click();
  await page.getByLabel("What fixed it").fill("Drop cable spliced; speed test 48 Mbps.");
  await page.getByRole("dialog").getByRole("button", { name: "Close job" }).click();
  await expect(page.getByText("This job is closed.")).toBeVisible();

  // The visit is part of the customer's service history.
  await page.locator("a[href^='/customers/']").first().click();
  await expect(page.getByText("Technician visit logged")).toBeVisible();
});

test("a job with long values (a pasted map link, a long address) fits a 360 px phone without sideways scrolling", async ({ page }) => {
  await signIn(page, "tech@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/field$/);
  await page.getByRole("link", { name: /New installation/ }).click();
  await expect(page.getByText(/Pin sent on Messenger/)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "the job page scrolls sideways at 360 px").toBeLessThanOrEqual(1);
});
