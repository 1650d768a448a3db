/*
 * The portal's "Pay everything at once": a plain form POST (works without JavaScript) by the signed-in
 * subscriber, for their own balance only (the customer comes from the session, never from the form). Success
 * is a 303 to the gateway or to the QR Ph status page; a gateway failure goes back to the portal with a notice.
 */
import { z } from "zod";
import { fieldErrorsOf, withoutNul } from "@/lib/core/action";
import { FORM_BODY_MAX_BYTES, readFormLimited } from "@/lib/core/body";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { portalRoute } from "@/lib/portal/action";
import { startBalanceCheckout } from "@/lib/payments/checkout";
import { onlineMethods } from "@/lib/payments/rules";

export const dynamic = "force-dynamic";

const form = z.object({ method: z.enum(onlineMethods, "Choose a way to pay") });

const redirect = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

export const POST = portalRoute(async (ctx, request) => {
  const body = await readFormLimited(request, FORM_BODY_MAX_BYTES);
  const parsed = form.safeParse(withoutNul(Object.fromEntries([...body.entries()].filter(([, v]) => typeof v === "string"))));
  if (!parsed.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
  try {
    const { url } = await startBalanceCheckout(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, method: parsed.data.method });
    return redirect(url);
  } catch (error) {
    if (!(error instanceof AppError) || error.code === "not_found") throw error;
    logger.info({ method: parsed.data.method, code: error.code }, "balance payment could not start");
    return redirect(`/portal?payment=failed`);
  }
});
