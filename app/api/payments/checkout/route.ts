/*
 * The pay page's buttons: a plain form POST (works without JavaScript) with the invoice's pay token and the
 * way to pay. Public, but the signed token is the only way in, and it names one invoice of one tenant.
 * Success is a 303 to the gateway's page or to our QR Ph status page; a gateway failure goes back to the pay
 * page with a notice.
 */
import { z } from "zod";
import { fieldErrorsOf, withoutNul } from "@/lib/core/action";
import { FORM_BODY_MAX_BYTES, readFormLimited } from "@/lib/core/body";
import { AppError, notFound } from "@/lib/core/errors";
import { errorResponse } from "@/lib/core/route";
import { logger } from "@/lib/core/logger";
import { assertPortalSameOrigin } from "@/lib/portal/host";
import { getDb } from "@/lib/db";
import { payLinkFor, readPayToken } from "@/lib/billing/pay-links";
import { startCheckout } from "@/lib/payments/checkout";
import { onlineMethods } from "@/lib/payments/rules";

export const dynamic = "force-dynamic";

const form = z.object({ token: z.string().max(200), method: z.enum(onlineMethods, "Choose a way to pay") });

const redirect = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

export async function POST(request: Request): Promise<Response> {
  try {
    // Only our pay page (or the portal's bills, on our host or the ISP's domain) may start a checkout: another site
    // cannot send a customer's browser to a payment.
    await assertPortalSameOrigin(request);
    const body = await readFormLimited(request, FORM_BODY_MAX_BYTES);
    const parsed = form.safeParse(withoutNul(Object.fromEntries([...body.entries()].filter(([, v]) => typeof v === "string"))));
    if (!parsed.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
    const ids = readPayToken(parsed.data.token);
    if (!ids) throw notFound("Invoice");
    try {
      const { url } = await startCheckout(await getDb(), { ...ids, method: parsed.data.method });
      return redirect(url);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === "not_found") throw error;
      // Already paid, gateway switched off or unreachable: the pay page says which.
      logger.info({ method: parsed.data.method, code: error.code }, "online payment could not start");
      return redirect(`${payLinkFor(ids)}?failed=${parsed.data.method}`);
    }
  } catch (error) {
    return errorResponse(error, "/api/payments/checkout");
  }
}
