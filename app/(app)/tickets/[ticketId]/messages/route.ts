import { staffRoute } from "@/lib/core/route";
import { AppError } from "@/lib/core/errors";
import { MULTIPART_OVERHEAD_BYTES, bodyTooLarge, readFormLimited } from "@/lib/core/body";
import { fieldErrorsOf, withoutNul } from "@/lib/core/action";
import { formatBytes } from "@/lib/storage/file-types";
import { uploadLimitBytes } from "@/lib/storage/service";
import { MAX_ATTACHMENTS, replySchema } from "@/lib/tickets/rules";
import { addTicketMessage } from "@/lib/tickets/service";

// A reply or internal note with attachments, as multipart/form-data: `body`, `internal` ("true"/"false") and up
// to five `files`. A route rather than a Server Action, so the upload limit applies here only.
export const dynamic = "force-dynamic";

export const POST = staffRoute<{ ticketId: string }>("tickets:write", async (ctx, request, { params }) => {
  const { ticketId } = await params;
  const limit = uploadLimitBytes();
  const maxBody = MAX_ATTACHMENTS * limit + MULTIPART_OVERHEAD_BYTES;
  const tooLarge = () =>
    bodyTooLarge(maxBody, `Attach at most ${MAX_ATTACHMENTS} files of up to ${formatBytes(limit)} each.`, {
      files: [`At most ${MAX_ATTACHMENTS} files, ${formatBytes(limit)} each`],
    });
  const form = await readFormLimited(request, maxBody, { tooLarge });
  const files = form.getAll("files").filter((f): f is File => f instanceof File && f.size > 0);
  if (files.length > MAX_ATTACHMENTS || files.some((f) => f.size > limit)) throw tooLarge();
  const parsed = replySchema.safeParse(withoutNul({ ticketId, body: form.get("body") ?? "", internal: form.get("internal") === "true" }));
  if (!parsed.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
  const { message, files: stored } = await addTicketMessage(
    ctx.db,
    { kind: "staff", tenantId: ctx.tenantId, userId: ctx.userId, userName: ctx.userName, ipAddress: ctx.ipAddress },
    {
      ticketId: parsed.data.ticketId,
      body: parsed.data.body,
      kind: parsed.data.internal ? "internal_note" : "reply",
      files: await Promise.all(files.map(async (f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) }))),
    },
  );
  return Response.json(
    { ok: true, data: { id: message.id, internal: message.kind === "internal_note", files: stored.length } },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
