/*
 * The short pay link texted to customers (lib/billing/pay-links.ts): redirects to the invoice's pay page. Public;
 * the signed code is the only key, and anything we did not sign for that invoice's ISP is a bare 404 that does
 * not say whether the invoice exists.
 */
import { getDb } from "@/lib/db";
import { payLinkForShortCode } from "@/lib/billing/pay-links";

export const dynamic = "force-dynamic";

// The pay page's URL carries its token: no cache may keep the redirect, and no Referer may carry the code on.
const headers = { "cache-control": "no-store", "referrer-policy": "no-referrer" };

export async function GET(_request: Request, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const payLink = await payLinkForShortCode(await getDb(), (await params).code);
  if (!payLink) return new Response("Not found", { status: 404, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
  return new Response(null, { status: 307, headers: { ...headers, location: payLink } });
}
