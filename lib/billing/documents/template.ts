import "server-only";
import { eq } from "drizzle-orm";
import { tenants } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import type { Db } from "@/lib/db/types";
import { logoBytesProblem } from "./logo-check";
import type { InvoiceTemplate } from "./template-rules";
import { clock } from "@/lib/core/clock";

const templateColumns = {
  brandColor: tenants.brandColor,
  logoDataUrl: tenants.logoDataUrl,
  invoiceNotes: tenants.invoiceNotes,
  invoiceFooter: tenants.invoiceFooter,
};

/** The audit log gets what changed, not a 270 KB image. */
function auditView(template: InvoiceTemplate) {
  const logo = template.logoDataUrl;
  return {
    brandColor: template.brandColor,
    logo: logo ? `${logo.startsWith("data:image/png") ? "PNG" : "JPEG"}, ${Math.ceil((logo.length * 3) / 4 / 1024)} KB` : null,
    invoiceNotes: template.invoiceNotes,
    invoiceFooter: template.invoiceFooter,
  };
}

/** Saves the logo, brand colour, notes and footer printed on the tenant's invoices and receipts. */
export async function saveInvoiceTemplate(db: Db, actor: TenantActor, input: InvoiceTemplate) {
  if (input.logoDataUrl) {
    const problem = logoBytesProblem(Buffer.from(input.logoDataUrl.slice(input.logoDataUrl.indexOf(",") + 1), "base64"));
    if (problem) throw new AppError("validation", "Some fields need attention.", { fieldErrors: { logoDataUrl: [problem] } });
  }
  const values: InvoiceTemplate = { ...input, brandColor: input.brandColor.toLowerCase() };
  // The template and its audit entry stand or fall together.
  await db.transaction(async (tx) => {
    const [before] = await tx.select(templateColumns).from(tenants).where(eq(tenants.id, actor.tenantId));
    if (!before) throw notFound("ISP account");
    await tx
      .update(tenants)
      .set({ ...values, updatedAt: clock.now() })
      .where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, {
      action: "settings.invoice_template",
      entityType: "tenant",
      entityId: actor.tenantId,
      before: auditView(before),
      after: auditView(values),
    });
  });
  return values;
}
