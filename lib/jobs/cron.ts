/*
 * Vercel Cron calls GET /api/cron/<job> with `Authorization: Bearer <CRON_SECRET>`. The header is
 * compared in constant time (both sides hashed to one length first), and without a configured
 * secret every call is refused.
 */
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

export function isAuthorizedCronRequest(request: Request, secret: string | undefined): boolean {
  if (!secret) return false;
  const header = request.headers.get("authorization") ?? "";
  return timingSafeEqual(digest(header), digest(`Bearer ${secret}`));
}

/** The configured secret; one shorter than 16 characters counts as none, so a weak secret can't open the route. */
export function cronSecret(source: Record<string, string | undefined> = process.env): string | undefined {
  const secret = source.CRON_SECRET?.trim();
  return secret && secret.length >= 16 ? secret : undefined;
}
