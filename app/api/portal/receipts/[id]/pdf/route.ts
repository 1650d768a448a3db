import { portalRoute } from "@/lib/portal/action";
import { portalDocumentResponse } from "@/lib/portal/documents";

/** The signed-in subscriber's official receipt as a PDF; another subscriber's is a 404. */
export const GET = portalRoute<{ id: string }>(async (ctx, request, { params }) =>
  portalDocumentResponse(ctx, request, { kind: "receipt", id: (await params).id }),
);
