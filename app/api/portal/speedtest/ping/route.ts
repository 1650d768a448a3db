import { portalRoute } from "@/lib/portal/action";

export const dynamic = "force-dynamic";

/** A tiny answer for the speed test's latency and jitter. */
export const GET = portalRoute(async () => Response.json({ ok: true }, { headers: { "cache-control": "no-store" } }));
