import { getAuth } from "@/lib/auth/instance";
import { withClientIp } from "@/lib/core/client-ip";
import { errorResponse } from "@/lib/core/route";
import { readBodyLimited } from "@/lib/core/body";

/** Sign-in, two-factor and password-reset bodies are a few hundred bytes of JSON. */
const AUTH_BODY_MAX_BYTES = 64 * 1024;

// Better Auth's own endpoints (sign-in, 2FA, sessions, password reset); it checks its own sessions.
// It reads the client's address from the header withClientIp sets, never from what the client sent.
export async function GET(request: Request) {
  return (await getAuth()).handler(withClientIp(request));
}

/**
 * The body is read here, within its limit, before Better Auth sees it: an oversized body is a 413, and every body
 * is read to its end even when the answer is a 404 for an endpoint that is not open (an unread upload would
 * otherwise be cut off mid-send).
 */
export async function POST(request: Request) {
  let body: Uint8Array;
  try {
    body = await readBodyLimited(request, AUTH_BODY_MAX_BYTES);
  } catch (error) {
    return errorResponse(error, new URL(request.url).pathname);
  }
  const bounded = new Request(request.url, { method: "POST", headers: request.headers, body: body.byteLength ? Buffer.from(body) : undefined });
  return (await getAuth()).handler(withClientIp(bounded));
}
