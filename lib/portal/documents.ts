/** The subscriber's own invoice and receipt PDFs, through the billing document store. */
import "server-only";
import { z } from "zod";
import { parseSearchParams } from "@/lib/core/route";
import { getOrRenderDocument } from "@/lib/billing/documents/store";
import { pdfResponse } from "@/lib/billing/documents/response";
import type { PortalContext } from "./context";
import { assertOwnDocument } from "./queries";

const query = z.object({ inline: z.enum(["0", "1"]).optional() });

/** 404 for anything that is not this subscriber's; `?inline=1` opens it in the browser. */
export async function portalDocumentResponse(ctx: PortalContext, request: Request, { kind, id }: { kind: "invoice" | "receipt"; id: string }) {
  const { inline } = parseSearchParams(request, query);
  await assertOwnDocument(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, kind, id });
  const document = await getOrRenderDocument(ctx.db, { tenantId: ctx.tenantId, kind, refId: id });
  return pdfResponse(document, { inline: inline === "1" });
}
