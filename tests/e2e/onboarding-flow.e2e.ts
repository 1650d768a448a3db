import { expect, test } from "@playwright/test";
import { enrolTwoFactor } from "./support/session";

const csv = [
  "Name,Mobile No.,Email,Address,Barangay,City,Plan,Start Date",
  "Rosario Dalisay,0917 222 1111,rosario.dalisay@example.ph,12 Purok 3,Sabang,Lipa,Fiber 30,2026-11-01",
  "Emilio Dalisay,0917 222 2222,emilio.dalisay@example.ph,14 Purok 3,Sabang,Lipa,Fiber 30,2026-11-02",
  "Teodoro Manalo,0917 222 3333,not-an-email,5 Mabini St,Poblacion,Tanauan,Fiber 30,2026-11-03",
].join("\n");

test("a new ISP signs up, enrols 2FA, sets up, creates a plan, imports customers, finds them and tags them in bulk", async ({ page }) => {
  const password = "Batangas-wifi-2026";
  await page.goto("/sign-up");
  await page.getByLabel("Business name").fill("Sabang Wireless");
  await page.getByLabel("Registered (legal) name").fill("Sabang Wireless Internet Services");
  await page.getByLabel("Business address").fill("Sabang, Lipa City, Batangas");
  await page.getByLabel("TIN").fill("222-333-444-000");
  await page.getByLabel("Contact phone").fill("0917 333 4444");
  await page.getByLabel("Your name").fill("Lito Reyes");
  await page.getByLabel("Email").fill(`lito-${Date.now()}@sabang.ph`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create ISP account" }).click();
  await enrolTwoFactor(page, password);

  // Onboarding: business and tax save and advance; routers can be skipped; plans are created in place.
  await expect(page).toHaveURL(/\/onboarding/);
  await page.getByLabel("Contact person").fill("Lito M. Reyes");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(/step=tax/);
  await expect(page.getByLabel("VAT rate (%)")).toHaveValue("12");
  await page.getByLabel("Invoice number prefix").fill("SWI");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(/step=routers/);

  // A router is tested as soon as it is added, and the real result shown: no ✓ and no Continue for one NetSphere
  // cannot reach (here a port on this machine where nothing listens: the e2e server may call 127.0.0.1 for the
  // payment test's stand-in gateway; without that, an address pointing back at the server itself is refused before
  // connecting, lib/routers/reach.test.ts).
  await page.getByLabel("Router name").fill("Sabang Core");
  await page.getByLabel("Host or IP address").fill("127.0.0.1");
  await page.getByLabel("API port").fill("9");
  await page.getByLabel("API username").fill("netsphere");
  await page.getByLabel("API password").fill("not-the-password");
  await page.getByRole("button", { name: "Add router" }).click();
  const added = page.getByRole("list", { name: "Routers added" }).getByRole("listitem").filter({ hasText: "Sabang Core" });
  await expect(page.getByRole("status").filter({ hasText: "Sabang Core:" })).toContainText("did not accept a connection", {
    timeout: 15_000,
  });
  await expect(added).toContainText("Could not connect:");
  await expect(added).toContainText("did not accept a connection");
  await expect(added).not.toContainText("✓");
  await expect(added.getByRole("button", { name: "Test connection to Sabang Core" })).toHaveText("Test again");
  await expect(added.getByRole("button", { name: "Edit Sabang Core" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue to plans" })).toHaveCount(0);
  await page.getByRole("button", { name: "Skip this step" }).click();
  await expect(page).toHaveURL(/step=plans/);

  await page.getByLabel("Plan name").fill("Fiber 30");
  await page.getByLabel("Download (Mbps)", { exact: true }).fill("30");
  await page.getByLabel("Upload (Mbps)", { exact: true }).fill("30");
  await page.getByLabel("Monthly price (₱)").fill("abc");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByText("Enter an amount like 1299.00")).toBeVisible();
  await page.getByLabel("Monthly price (₱)").fill("1,199.00");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByRole("list", { name: "Plans created" })).toContainText("Fiber 30");
  await page.getByRole("button", { name: "Continue to import" }).click();
  await expect(page).toHaveURL(/step=import/);

  // The wizard resumes where it was left.
  await page.goto("/onboarding");
  await expect(page.getByRole("heading", { name: "Import customers" })).toBeVisible();

  // CSV import: mapping is guessed, the bad row is reported by line, valid rows are imported.
  await page.getByRole("link", { name: "Open the CSV importer" }).click();
  await expect(page).toHaveURL(/\/import/);
  await page.locator('input[type="file"]').setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Check the rows" }).click();
  await expect(
    page
      .getByText("Line 4")
      .or(page.getByRole("cell", { name: "4", exact: true }))
      .first(),
  ).toBeVisible();
  await expect(page.getByText("Enter a valid email").first()).toBeVisible();
  await page.getByRole("button", { name: "Import 2 customers" }).click();
  await expect(page.getByRole("link", { name: "View customers" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("link", { name: "View customers" }).click();

  // Search, select with the keyboard, tag in bulk.
  await expect(page).toHaveURL(/\/customers/);
  await expect(page.getByLabel("Search customers")).toBeVisible();
  // The shortcut listens once the list has hydrated; the page can paint first.
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(page.getByLabel("Search customers")).toBeFocused({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByLabel("Search customers").fill("dalisay");
  await expect(page).toHaveURL(/q=dalisay|search=dalisay/);
  await expect(page.getByRole("link", { name: "Rosario Dalisay" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Teodoro Manalo" })).toHaveCount(0);
  await page.getByRole("checkbox", { name: "Select all customers on this page" }).check();
  await expect(page.getByText("2 customers selected")).toBeVisible();
  await page.getByRole("button", { name: "Add tag" }).click();
  await page.getByRole("dialog").getByLabel("Tag").fill("sabang-promo");
  await page.getByRole("button", { name: "Tag 2 customers" }).click();
  await expect(page.getByText("Tag “sabang-promo” added to 2 customers.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Rosario Dalisay/ })).toContainText("sabang-promo");

  // The customer's timeline shows the import and the tag.
  await page.getByRole("link", { name: "Rosario Dalisay" }).click();
  await expect(page.getByText("Imported from CSV")).toBeVisible();
  await expect(page.getByText("Tag added")).toBeVisible();

  // The command palette finds a customer by name.
  await page.keyboard.press("Control+k");
  await page.getByRole("dialog", { name: "Command palette" }).getByRole("combobox").fill("Emilio");
  await page.getByRole("option", { name: /Emilio Dalisay/ }).click();
  await expect(page.getByRole("heading", { name: "Emilio Dalisay" })).toBeVisible();
});
