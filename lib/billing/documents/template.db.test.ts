import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createBillingTenant } from "@/tests/support/billing-documents";
import { dataUrl, makePng } from "@/tests/support/pdf";
import { executeAction } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { auditLog } from "@/lib/audit/schema";
import { tenants } from "@/lib/tenants/schema";
import { saveInvoiceTemplateAction } from "@/lib/billing/actions/invoice-template";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let fixture: Awaited<ReturnType<typeof createBillingTenant>>;

beforeAll(async () => {
  conn = await createTestDatabase();
  fixture = await createBillingTenant(conn.db);
});
afterAll(async () => conn?.close());

const valid = { logoDataUrl: null, brandColor: "#0f766e", invoiceNotes: "Pay by GCash to 0917 123 4567.", invoiceFooter: "Thank you!" };
const template = async () => {
  const [row] = await conn.db
    .select({
      brandColor: tenants.brandColor,
      logoDataUrl: tenants.logoDataUrl,
      invoiceNotes: tenants.invoiceNotes,
      invoiceFooter: tenants.invoiceFooter,
    })
    .from(tenants)
    .where(eq(tenants.id, fixture.tenant.id));
  return row;
};
const audits = () =>
  conn.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, fixture.tenant.id), eq(auditLog.action, "settings.invoice_template")));
const save = (input: unknown, role: keyof typeof fixture.ctx = "billing") =>
  executeAction(saveInvoiceTemplateAction.definition, fixture.ctx[role], input);
const fieldErrorsOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof AppError && error.code === "validation" ? error.fieldErrors : error),
  );

describe("invoice template", () => {
  it("saves the logo, colour, notes and footer and audits the change without the image itself", async () => {
    const logo = dataUrl(makePng({ alpha: true }));
    await save({ ...valid, logoDataUrl: logo, brandColor: "#1D5FD6" });
    expect(await template()).toEqual({ ...valid, logoDataUrl: logo, brandColor: "#1d5fd6" });
    const [entry] = await audits();
    expect(entry.after).toMatchObject({ brandColor: "#1d5fd6", logo: expect.stringMatching(/^PNG, \d+ KB$/), invoiceFooter: "Thank you!" });
    expect(JSON.stringify(entry)).not.toContain("base64");

    await save({ ...valid, logoDataUrl: null });
    expect((await template()).logoDataUrl).toBeNull();
  });

  it.each([
    ["a colour that is not #rrggbb", { brandColor: "teal" }, "brandColor", /six hex digits/],
    ["a colour too light for white paper", { brandColor: "#ffdd55" }, "brandColor", /too light/],
    ["a logo over 200 KB", { logoDataUrl: dataUrl(makePng({ width: 300, height: 300, noise: true })) }, "logoDataUrl", /at most 200 KB/],
    [
      "a GIF logo",
      { logoDataUrl: `data:image/gif;base64,${Buffer.from("GIF89a\x01\x00\x01\x00").toString("base64")}` },
      "logoDataUrl",
      /PNG or JPEG/,
    ],
    ["a damaged PNG", { logoDataUrl: dataUrl(makePng({ alpha: true, badFilter: true })) }, "logoDataUrl", /damaged/],
    ["notes over 1,000 characters", { invoiceNotes: "x".repeat(1001) }, "invoiceNotes", /1,000/],
  ])("refuses %s with a field error and changes nothing", async (_, change, field, message) => {
    const before = { template: await template(), audits: (await audits()).length };
    const errors = (await fieldErrorsOf(save({ ...valid, ...change }))) as Record<string, string[]>;
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field][0]).toMatch(message);
    expect({ template: await template(), audits: (await audits()).length }).toEqual(before);
  });

  it("needs billing:settings: support staff and technicians are refused", async () => {
    await expect(save(valid, "support")).rejects.toMatchObject({ code: "forbidden" });
    await expect(save(valid, "technician")).rejects.toMatchObject({ code: "forbidden" });
  });
});
