import { portalRoute } from "@/lib/portal/action";
import { portalDocumentResponse } from "@/lib/portal/documents";

/** The signed-in subscriber's invoice as a PDF; another subscriber's is a 404. */
export const GET = portalRoute<{ id: string }>(async (ctx, request, { params }) =>
  portalDocumentResponse(ctx, request, { kind: "invoice", id: (await params).id }),
);
