import { expect, test } from "@playwright/test";
import { signIn } from "./support/session";

test("junk in URLs and API calls gets a clear 4xx or a normal page, never a 500", async ({ page, request }) => {
  // Without a session: API routes answer 401 JSON.
  for (const path of ["/api/customers/export", "/api/import/00000000-0000-4000-8000-000000000000/report"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, code: "unauthenticated" });
  }
  const upload = await request.post("/api/import/upload", {
    multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2") } },
  });
  expect(upload.status()).toBe(401);

  await signIn(page, "support@demo.netsphere.ph");
  await expect(page).toHaveURL(/\/dashboard/);
  const pages = [
    "/customers?page=-5&size=9999&sort=drop%20table&dir=sideways&status=nope&plan=not-a-uuid&q=%27%22%3B--",
    "/customers?q=%25%25%25&tag=%00",
    "/customers/12345",
    "/audit?before=abc&from=2026-99-99&entityType=bogus&actor=%00x&action=%25%00",
    "/plans/not-a-uuid",
    "/leads?new=maybe",
    "/onboarding?step=../../etc",
  ];
  for (const path of pages) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBeLessThan(500);
  }
  for (const path of ["/api/customers/export?status=bogus", "/api/customers/export?ids=not-a-uuid", "/api/import/not-a-uuid/report"]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBeGreaterThanOrEqual(400);
    expect(res.status(), path).toBeLessThan(500);
  }
});
