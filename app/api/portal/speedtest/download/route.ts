import { portalRoute } from "@/lib/portal/action";
import { parseSearchParams } from "@/lib/core/route";
import { downloadQuerySchema } from "@/lib/portal/rules";
import { randomPayload } from "@/lib/portal/speed-tests";

export const dynamic = "force-dynamic";

/** `?bytes=N` of random data (capped), never cached or compressed, for the speed test's download. */
export const GET = portalRoute(async (_ctx, request) => {
  const { bytes } = parseSearchParams(request, downloadQuerySchema);
  return new Response(randomPayload(bytes), {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(bytes),
      "content-encoding": "identity",
      "cache-control": "no-store, no-transform",
    },
  });
});
