import { z } from "zod";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { downloadStoredFile } from "@/lib/storage/download";

const query = z.object({ download: z.enum(["0", "1"]).optional() });

/**
 * A stored file's bytes, for staff only. Every staff role passes the session gate ("customers:view");
 * the file's purpose then decides: customer documents need "documents:view", ticket attachments and
 * work-log photos "tickets:view". Another tenant's or a deleted file is a 404. `?download=1` saves
 * instead of showing images and PDFs inline.
 */
export const GET = staffRoute<{ fileId: string }>("customers:view", async (ctx, request, { params }) => {
  const { fileId } = await params;
  const { download } = parseSearchParams(request, query);
  return downloadStoredFile(ctx, fileId, { download: download === "1" });
});
