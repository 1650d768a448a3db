import { z } from "zod";
import { actorOf } from "@/lib/audit/record";
import { readJsonLimited } from "@/lib/core/body";
import { staffRoute } from "@/lib/core/route";
import { BadRequestError, runDiagnostic } from "@/lib/network/service";

const bodySchema = z.object({
  command: z.string().max(64),
  args: z.record(z.string(), z.unknown()).default({}),
});

/**
 * POST /api/routers/:routerId/diagnostics `{ command, args }` → `{ ok: true, data: { columns, rows, summary } }`.
 * Only the allowlist in lib/network/diagnostics.ts reaches the router; each command checks its own permission.
 */
export const POST = staffRoute<{ routerId: string }>("network:diagnose", async (ctx, request, { params }) => {
  const { routerId } = await params;
  // JSON only: a cross-site HTML form can post text/plain, but never application/json without CORS.
  if (!request.headers.get("content-type")?.startsWith("application/json")) throw new BadRequestError("Send the request as application/json.");
  const body = bodySchema.safeParse(await readJsonLimited(request));
  if (!body.success) throw new BadRequestError('Send JSON like {"command": "ping", "args": {"address": "10.0.0.1"}}.');
  const data = await runDiagnostic(ctx.db, { ...actorOf(ctx), role: ctx.role }, { routerId, command: body.data.command, args: body.data.args });
  return Response.json({ ok: true, data }, { headers: { "cache-control": "no-store" } });
});
