/*
 * For a reverse proxy that gets TLS certificates on demand (Caddy's `on_demand_tls { ask … }`): 200 only when the
 * host is a verified custom domain of an active ISP, 404 for any other, so nobody can make the proxy fetch a
 * certificate for a name of their choosing. Public on purpose (the proxy carries no session); it says nothing but
 * yes or no, remembered 30 s per host (lib/tenants/domain-lookup.ts).
 */
import { getDb } from "@/lib/db";
import { parseHost } from "@/lib/core/request-host";
import { portalHostOf } from "@/lib/tenants/domain-lookup";

export const dynamic = "force-dynamic";

const answer = (ok: boolean) => Response.json({ ok }, { status: ok ? 200 : 404, headers: { "cache-control": "no-store" } });

export async function GET(request: Request): Promise<Response> {
  const host = parseHost(new URL(request.url).searchParams.get("domain"));
  if (!host) return answer(false);
  return answer((await portalHostOf(await getDb(), host.hostname)) !== null);
}
