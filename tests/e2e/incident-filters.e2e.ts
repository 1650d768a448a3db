import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/a11y";
import { signInWithTwoFactor } from "./support/session";

/*
 * The incident list's filters live in the URL and need no JavaScript: a plain GET form, status chips that keep the
 * other filters, an empty state that offers to clear them, and URLs with nonsense in them still show the list.
 */
test("incident filters narrow the list through the URL, with JavaScript off, and fit a phone", async ({ page, browser, baseURL }) => {
  await signInWithTwoFactor(page, "owner@demo.netsphere.ph");
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, storageState: await page.context().storageState() });
  const noScript = await context.newPage();
  try {
    await noScript.goto("/network/incidents?status=all");
    const search = noScript.getByRole("search", { name: "Filter incidents" });
    await search.getByLabel("Severity").selectOption("critical");
    await search.getByLabel("Object").selectOption("router");
    await search.getByRole("button", { name: "Apply filters" }).click();
    await expect(noScript).toHaveURL(/[?&]severity=critical(&|$)/);
    await expect(noScript).toHaveURL(/[?&]object=router(&|$)/);
    await expect(noScript).toHaveURL(/[?&]status=all(&|$)/);
    const rows = noScript.getByRole("main").locator("table tbody tr");
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) await expect(row).toContainText("Critical");
    await expect(search.getByLabel("Severity")).toHaveValue("critical");

    // A status chip keeps the other filters.
    await noScript.getByRole("navigation", { name: "Incident status" }).getByRole("link", { name: "Resolved" }).click();
    await expect(noScript).toHaveURL(/status=resolved/);
    await expect(noScript).toHaveURL(/severity=critical/);
    await expect(noScript).toHaveURL(/object=router/);

    // Nothing matches: the empty state says so and clears the filters, keeping the status.
    await search.getByLabel("Search").fill("INC-987654");
    await search.getByRole("button", { name: "Apply filters" }).click();
    await expect(noScript.getByRole("heading", { name: "No incidents match these filters" })).toBeVisible();
    await noScript.getByRole("main").getByRole("link", { name: "Clear filters" }).last().click();
    await expect(noScript).toHaveURL(/\/network\/incidents\?status=resolved$/);
    await expect(rows.first()).toBeVisible();

    // Values it does not understand mean "any", never an error page.
    const response = await noScript.goto("/network/incidents?status=gone&severity=bogus&object=x&router=not-a-uuid&assignee=%27%3B--&page=-3");
    expect(response?.status()).toBe(200);
    await expect(noScript.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
    await expect(search.getByLabel("Severity")).toHaveValue("");
    await expect(search.getByLabel("Router")).toHaveValue("");
  } finally {
    await context.close();
  }

  await page.goto("/network/incidents?status=all&severity=critical");
  await expectAccessible(page, "/network/incidents with filters");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  await expect(page.getByRole("search", { name: "Filter incidents" }).getByRole("button", { name: "Apply filters" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "scrolls sideways at 360 px").toBeLessThanOrEqual(1);
  await expectAccessible(page, "/network/incidents with filters (360 px)");
});
