/*
 * Idempotency-Key on POST: the first request with a key runs and its answer is kept for 24 hours; a retry with the
 * same key and body gets that answer again (`Idempotent-Replayed: true`) and changes nothing; the same key with
 * another body is refused (422); a retry while the first is still running is told so (409) instead of running twice.
 * A first request that never finished (its server stopped mid-way) may or may not have taken effect: after
 * `UNFINISHED_AFTER_MINUTES` a retry is told exactly that (still 409, never run again blindly).
 */
import { and, eq, lt } from "drizzle-orm";
import { apiIdempotency } from "@/lib/api/schema";
import { IDEMPOTENCY_HOURS } from "@/lib/api/values";

/** No request runs this long (route handlers end within a minute): a first request still open after it never finished. */
const UNFINISHED_AFTER_MINUTES = 5;
import { AppError } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import type { DbOrTx } from "@/lib/db/types";

type Begin = {
  tenantId: string;
  apiKeyId: string;
  idempotencyKey: string;
  method: string;
  path: string;
  requestHash: string;
  now: Date;
};

export type Begun = { kind: "fresh"; id: string } | { kind: "replay"; status: number; headers: Record<string, string>; body: string };

export async function beginIdempotent(db: DbOrTx, input: Begin): Promise<Begun> {
  const key = input.idempotencyKey.trim();
  if (!key || key.length > 255 || /[^\x21-\x7e]/.test(key))
    throw new AppError("validation", "Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID.", {
      fieldErrors: { "Idempotency-Key": ["1 to 255 visible ASCII characters."] },
    });
  const stale = new Date(input.now.getTime() - IDEMPOTENCY_HOURS * 3_600_000);
  // Answers older than a day are forgotten: this key's, whenever it sends a new request.
  await db.delete(apiIdempotency).where(and(eq(apiIdempotency.apiKeyId, input.apiKeyId), lt(apiIdempotency.createdAt, stale)));
  const [inserted] = await db
    .insert(apiIdempotency)
    .values({ ...input, idempotencyKey: key, createdAt: input.now })
    .onConflictDoNothing()
    .returning({ id: apiIdempotency.id });
  if (inserted) return { kind: "fresh", id: inserted.id };
  const [first] = await db
    .select()
    .from(apiIdempotency)
    .where(and(eq(apiIdempotency.apiKeyId, input.apiKeyId), eq(apiIdempotency.idempotencyKey, key)));
  if (!first) return beginIdempotent(db, input); // removed between our insert and read: try once more
  if (first.method !== input.method || first.path !== input.path || first.requestHash !== input.requestHash)
    throw new AppError("validation", "This Idempotency-Key was used for a different request. Use a new key for a new request.");
  if (first.status === null || first.responseBody === null) {
    if (input.now.getTime() - first.createdAt.getTime() > UNFINISHED_AFTER_MINUTES * 60_000)
      throw new AppError(
        "conflict",
        "The first request with this Idempotency-Key never finished (the server stopped while it ran), so whether it took effect is unknown. Check, then send the request again with a new key.",
      );
    throw new AppError("conflict", "A request with this Idempotency-Key is still being processed. Retry in a moment.");
  }
  return { kind: "replay", status: first.status, headers: first.responseHeaders ?? {}, body: first.responseBody };
}

export async function finishIdempotent(db: DbOrTx, id: string, answer: { status: number; headers: Record<string, string>; body: string }) {
  const kept = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !name.startsWith("ratelimit") && name !== "retry-after"));
  await db.update(apiIdempotency).set({ status: answer.status, responseHeaders: kept, responseBody: answer.body, completedAt: clock.now() }).where(eq(apiIdempotency.id, id));
}

/** Forgets a request that failed on our side, so a retry with the same key runs it again. */
export async function abandonIdempotent(db: DbOrTx, id: string) {
  await db.delete(apiIdempotency).where(eq(apiIdempotency.id, id));
}
