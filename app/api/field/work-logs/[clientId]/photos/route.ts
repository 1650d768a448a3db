import { actorOf } from "@/lib/audit/record";
import { staffRoute } from "@/lib/core/route";
import { storeFile } from "@/lib/storage/service";
import { readUploadForm } from "@/lib/storage/upload";
import { workLogByClientId } from "@/lib/tickets/work-logs";

/**
 * POST /api/field/work-logs/:clientId/photos (multipart: `file`, `photoClientId`): a photo of a synced
 * work-log entry. The phone's photo id makes a repeated upload return the stored photo instead of a copy.
 */
export const POST = staffRoute<{ clientId: string }>("fieldwork:use", async (ctx, request, { params }) => {
  const log = await workLogByClientId(ctx.db, { tenantId: ctx.tenantId, clientId: (await params).clientId });
  const { file, fields } = await readUploadForm(request);
  const stored = await storeFile(ctx.db, actorOf(ctx), {
    purpose: "work_log_photo",
    workLogId: log.id,
    ticketId: log.ticketId,
    customerId: log.customerId ?? undefined,
    clientId: fields.photoClientId || undefined,
    file,
  });
  return Response.json({ ok: true, data: { id: stored.id } }, { status: 201, headers: { "cache-control": "no-store" } });
});
