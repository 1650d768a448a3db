import { portalRoute } from "@/lib/portal/action";
import { notFound } from "@/lib/core/errors";
import { getCustomerTicket } from "@/lib/tickets/customer";
import { readStoredFile } from "@/lib/storage/service";
import { storedFileResponse } from "@/lib/storage/download";

/** A file attached to a public reply on the subscriber's own ticket; anything else is a 404. */
export const GET = portalRoute<{ ticketId: string; fileId: string }>(async (ctx, _request, { params }) => {
  const { ticketId, fileId } = await params;
  const detail = await getCustomerTicket(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, ticketId });
  if (!detail?.messages.some((m) => m.files.some((f) => f.id === fileId))) throw notFound("File");
  const stored = await readStoredFile(ctx.db, { tenantId: ctx.tenantId, fileId });
  if (!stored) throw notFound("File");
  return storedFileResponse(stored.file, stored.bytes, { download: true });
});
