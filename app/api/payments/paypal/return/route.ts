/*
 * Where PayPal sends the customer after approving an order (`?token=<order id>&PayerID=…`). Public, but it
 * only captures an order we created: the order id is looked up in payment_requests, which also names the
 * tenant whose credentials capture it. The customer then lands on the invoice's pay page.
 */
import { z } from "zod";
import { errorResponse, parseSearchParams } from "@/lib/core/route";
import { notFound } from "@/lib/core/errors";
import { getDb } from "@/lib/db";
import { completePaypalReturn } from "@/lib/payments/paypal";

export const dynamic = "force-dynamic";

const query = z.object({ token: z.string().regex(/^[A-Za-z0-9-]{5,64}$/, "Not a PayPal order id") });

export async function GET(request: Request): Promise<Response> {
  try {
    const { token } = parseSearchParams(request, query);
    const result = await completePaypalReturn(await getDb(), { orderId: token });
    if (!result) throw notFound("Payment");
    return new Response(null, { status: 303, headers: { location: result.redirectTo, "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error, "/api/payments/paypal/return");
  }
}
