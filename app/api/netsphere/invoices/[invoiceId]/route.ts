import { z } from "zod";
import { staffRoute, parseSearchParams } from "@/lib/core/route";
import { netsphereInvoicePdf } from "@/lib/tenants/platform-views";
import { ownerHandleOf } from "@/lib/tenants/standing-service";
import { pdfResponse } from "@/lib/billing/documents/response";

const query = z.object({ inline: z.enum(["0", "1"]).optional() });

/** One of the ISP's own NetSphere invoices as a PDF (`?inline=1` to open it in the browser); any other id is a 404. */
export const GET = staffRoute<{ invoiceId: string }>("settings:view", async (ctx, request, { params }) => {
  const { invoiceId } = await params;
  const { inline } = parseSearchParams(request, query);
  const document = await netsphereInvoicePdf(await ownerHandleOf(ctx.db), { tenantId: ctx.tenantId, invoiceId });
  return pdfResponse(document, { inline: inline === "1" });
});
