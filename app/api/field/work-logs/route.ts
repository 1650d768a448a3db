import { actorOf } from "@/lib/audit/record";
import { fieldErrorsOf } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { readJsonLimited } from "@/lib/core/body";
import { staffRoute } from "@/lib/core/route";
import { BadRequestError } from "@/lib/network/service";
import { recordWorkLog, workLogInputSchema } from "@/lib/tickets/work-logs";

/**
 * POST /api/field/work-logs: one work-log entry written on the phone, possibly offline and possibly sent
 * again. Answers 201 when stored now, 200 when it was already stored (the phone may drop its copy either way).
 */
export const POST = staffRoute("fieldwork:use", async (ctx, request) => {
  if (!request.headers.get("content-type")?.startsWith("application/json")) throw new BadRequestError("Send the entry as application/json.");
  const parsed = workLogInputSchema.safeParse(await readJsonLimited(request));
  if (!parsed.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
  const { workLog, created } = await recordWorkLog(ctx.db, actorOf(ctx), parsed.data);
  return Response.json({ ok: true, data: { id: workLog.id, created } }, { status: created ? 201 : 200, headers: { "cache-control": "no-store" } });
});
