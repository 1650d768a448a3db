import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, signIn } from "./support/session";
import { totp } from "./support/totp";

/**
 * Keyboard-only paths through the main flows: after every dialog, save and page change, focus must be somewhere a
 * keyboard or screen-reader user can carry on from, never on <body>.
 */

/** Where focus is: the element's tag, its accessible-ish name and whether it sits in the page's <main>. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "none",
      name: (el?.getAttribute("aria-label") ?? el?.textContent ?? "").trim(),
      inMain: Boolean(el && document.getElementById("main")?.contains(el)),
    };
  });
}

async function expectFocusOnButton(page: Page, name: RegExp) {
  await expect.poll(async () => focused(page)).toMatchObject({ tag: "button", name: expect.stringMatching(name) });
}

async function expectFocusOnHeading(page: Page, name: RegExp) {
  await expect.poll(async () => focused(page)).toMatchObject({ tag: "h1", inMain: true, name: expect.stringMatching(name) });
}

/** Focus stays off <body> for a few seconds: the page refresh after a save must not drop it. */
async function expectFocusKept(page: Page, name: RegExp) {
  await expectFocusOnButton(page, name);
  await page.waitForTimeout(2500);
  await expectFocusOnButton(page, name);
}

const ratio = (a: number[], b: number[]) => {
  const lum = ([r, g, b]: number[]) =>
    [r, g, b]
      .map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4))
      .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
const rgb = (css: string) =>
  css
    .match(/\d+(\.\d+)?/g)!
    .slice(0, 3)
    .map(Number);

test("two-factor enrolment by keyboard: the key and recovery codes take focus", async ({ page }) => {
  test.setTimeout(120_000);
  const email = `keyboard-${Date.now()}@batangasfiber.ph`;
  const password = "Batangas-fiber-2026";
  await page.goto("/sign-up");
  await page.getByLabel("Business name").fill("Batangas Fiber");
  await page.getByLabel("Registered (legal) name").fill("Batangas Fiber Inc.");
  await page.getByLabel("Business address").fill("2 Mabini St, Batangas City");
  await page.getByLabel("TIN").fill("222-333-444-000");
  await page.getByLabel("Contact phone").fill("0917 000 2222");
  await page.getByLabel("Your name").fill("Lito Reyes");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/two-factor\/setup/);

  await page.getByLabel("Confirm your password").fill(password);
  await page.keyboard.press("Enter");
  const secret = page.getByTestId("totp-secret");
  await expect(secret).toBeVisible();
  await expect.poll(async () => focused(page)).toMatchObject({ tag: "h2", name: expect.stringMatching(/Scan the code, save your recovery codes/) });

  await page.getByLabel("Code from your app").fill(totp((await secret.textContent())!.trim()));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/onboarding/);
});

test("billing by keyboard: palette, g c, record a payment, suspend and reactivate", async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, "billing@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.locator("main h1")).toBeVisible();

  // The palette: empty, a ringed text box, the highlighted row named to screen readers and visible at 3:1.
  await page.keyboard.press("Control+k");
  const input = page.getByRole("dialog", { name: "Command palette" }).getByRole("combobox");
  await expect(input).toBeFocused();
  await expect(input).toHaveValue("");
  expect(await input.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
  await expect(input).toHaveAttribute("aria-activedescendant", /.+/);
  const active = page.locator('[cmdk-item][aria-selected="true"]');
  await expect(active).toHaveAttribute("id", (await input.getAttribute("aria-activedescendant"))!);
  const [row, card] = await Promise.all([
    active.evaluate((el) => getComputedStyle(el).backgroundColor),
    page.getByRole("dialog").evaluate((el) => getComputedStyle(el).backgroundColor),
  ]);
  expect(ratio(rgb(row), rgb(card))).toBeGreaterThanOrEqual(3);
  await page.keyboard.type("Routers");
  await page.keyboard.press("Escape");
  // Closing hands focus back to the page, not <body>; the next opening starts empty.
  await expect.poll(async () => (await focused(page)).tag).not.toBe("body");
  await page.keyboard.press("Control+k");
  await expect(input).toHaveValue("");
  await page.keyboard.type("Customers");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/customers$/);
  await expectFocusOnHeading(page, /Customers/);

  // g c from another page lands on the customers' heading, not at the top of the navigation.
  await page.goto("/dashboard");
  await page.locator("main h1").waitFor();
  // The heading is there before the page's scripts are: keys typed before the shortcuts listen are typed again.
  await expect(async () => {
    await page.keyboard.press("g");
    await page.keyboard.press("c");
    await expect(page).toHaveURL(/\/customers$/, { timeout: 1500 });
  }).toPass({ timeout: 15_000 });
  await expectFocusOnHeading(page, /Customers/);

  // A customer's page is titled with the customer's name.
  await page.goto("/customers?status=active");
  await page.locator("main a[href^='/customers/']:not([href$='/new']):not([href$='/at-risk'])").last().focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  const name = (await page.locator("main h1").textContent())!.trim();
  await expect(page).toHaveTitle(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await expectFocusOnHeading(page, new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  const customerUrl = page.url();

  // Suspend: Escape returns to the button; a done suspension leaves focus on its Reactivate button.
  const suspend = page.getByRole("button", { name: /^Suspend / }).first();
  const label = (await suspend.getAttribute("aria-label"))!.replace(/^Suspend /, "");
  await suspend.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expectFocusOnButton(page, new RegExp(`^Suspend ${label}$`));
  await page.keyboard.press("Enter");
  await page.getByRole("dialog").getByLabel("Reason").fill("Asked by the subscriber while abroad");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expectFocusKept(page, new RegExp(`^Reactivate ${label}$`));
  await page.keyboard.press("Enter");
  await page.getByRole("dialog").getByLabel("Reason").fill("Back home");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expectFocusKept(page, new RegExp(`^Suspend ${label}$`));

  // Record a payment on the billing tab: focus goes back to "Record payment" after Escape and after the save.
  await page.goto(`${customerUrl}/billing`);
  const record = page.getByRole("button", { name: "Record payment" }).first();
  await record.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Record payment" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expectFocusOnButton(page, /^Record payment$/);
  await page.keyboard.press("Enter");
  await dialog.getByLabel("Amount (₱)").fill("100");
  await dialog.getByLabel("Method").selectOption("gcash");
  await dialog.getByLabel("GCash reference number").fill("1009 876 111222");
  await dialog.getByLabel("GCash reference number").press("Enter");
  await expect(page.getByText(/Payment recorded/)).toBeVisible();
  await expectFocusKept(page, /^Record payment$/);
});

test("technician by keyboard: kick asks first, focus stays through saving the work log", async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 360, height: 780 });
  await signIn(page, "tech@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/field$/);
  // A job whose subscriber has a live session (another test may have closed the first one already).
  const jobs = await page.locator("main a[href^='/field/tickets/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  let withSession = "";
  for (const href of jobs) {
    await page.goto(href);
    if (await page.getByRole("button", { name: "Kick session" }).count()) {
      withSession = href;
      break;
    }
  }
  expect(withSession, "a job with a live session").not.toBe("");
  await page.goto("/field");
  await page.locator(`main a[href='${withSession}']`).first().focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${withSession}$`));
  await expectFocusOnHeading(page, /.+/);
  await expect(page).toHaveTitle(/^Job .+/);

  // Only the state is announced: the block of readings is not a live region.
  await expect(page.getByText("IP address")).toBeVisible();
  expect(await page.getByText("IP address").evaluate((el) => Boolean(el.closest("[aria-live]:not([role=status])")))).toBe(false);

  // Kick asks first; Escape leaves focus on the Kick button.
  const kick = page.getByRole("button", { name: "Kick session" });
  await kick.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: /^Kick / })).toBeVisible();
  await page.keyboard.press("Escape");
  await expectFocusOnButton(page, /^Kick session$/);

  // Test connection style: the busy button keeps focus while the work log saves, and after.
  await page.getByLabel("What was done").fill("Re-terminated the drop cable; ONU back online.");
  const save = page.getByRole("button", { name: "Save work log" });
  await save.focus();
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await focused(page)).tag).toBe("button");
  await expect(page.getByText(/Work log saved|Saved on this phone/)).toBeVisible();
  await expectFocusKept(page, /^Save work log$/);

  // The job page and the staff pages have different shells: leaving one for the other lands on the new heading too.
  await page.locator("main a[href^='/customers/']").first().focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expectFocusOnHeading(page, /.+/);
});

test("subscriber portal by keyboard: sending a ticket lands on the ticket's heading", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  await page.goto("/customers?status=active");
  await page.locator("main a[href^='/customers/']:not([href$='/new']):not([href$='/at-risk'])").last().click();
  const link = (await page.getByTestId("portal-sign-in-link").getAttribute("href"))!;
  const account = (await page.locator("main .font-mono").first().textContent())!.trim();

  const subscriber = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const portal = await subscriber.newPage();
  await portal.goto(new URL(link).pathname + new URL(link).search);
  await portal.getByLabel("Account number or email").fill(account);
  await portal.getByLabel("Password").fill(DEMO_PASSWORD);
  await portal.keyboard.press("Enter");
  await expect(portal).toHaveURL(/\/portal$/);

  await portal.goto("/portal/tickets/new");
  await portal.getByLabel("What is it about?").selectOption("slow");
  await portal.getByLabel("Subject").fill("Drops every evening");
  await portal.getByLabel("Details").fill("The connection drops around 9 PM for a few minutes.");
  await portal.getByRole("button", { name: "Send ticket" }).focus();
  await portal.keyboard.press("Enter");
  await expect(portal).toHaveURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
  await expectFocusOnHeading(portal, /Drops every evening/);
  await subscriber.close();
});
