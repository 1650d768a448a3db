import { z } from "zod";
import { staffRoute, parseSearchParams } from "@/lib/core/route";
import { notFound } from "@/lib/core/errors";
import { documentKinds } from "@/lib/billing/schema";
import { getOrRenderDocument } from "@/lib/billing/documents/store";
import { pdfResponse } from "@/lib/billing/documents/response";

const query = z.object({ inline: z.enum(["0", "1"]).optional() });

/** An invoice, official receipt or credit note as a PDF (`?inline=1` to open it in the browser). */
export const GET = staffRoute<{ kind: string; id: string }>("billing:view", async (ctx, request, { params }) => {
  const { kind, id } = await params;
  const parsedKind = z.enum(documentKinds).safeParse(kind);
  if (!parsedKind.success) throw notFound("Document");
  const { inline } = parseSearchParams(request, query);
  const document = await getOrRenderDocument(ctx.db, { tenantId: ctx.tenantId, kind: parsedKind.data, refId: id });
  return pdfResponse(document, { inline: inline === "1" });
});
