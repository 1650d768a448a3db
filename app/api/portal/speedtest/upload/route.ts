import { portalRoute } from "@/lib/portal/action";
import { drainUpload } from "@/lib/portal/speed-tests";

export const dynamic = "force-dynamic";

/** Receives the speed test's upload and throws it away; more than the cap is refused. */
export const POST = portalRoute(async (_ctx, request) => {
  const bytes = await drainUpload(request);
  return Response.json({ ok: true, bytes }, { headers: { "cache-control": "no-store" } });
});
