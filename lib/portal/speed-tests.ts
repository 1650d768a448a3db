/*
 * The browser speed test against our own endpoints: incompressible download payloads, discarded uploads,
 * and the results a subscriber stores (support sees them on the customer's page via `listSpeedTests`).
 */
import { randomFillSync } from "node:crypto";
import { and, count, desc, eq, gt } from "drizzle-orm";
import { bodyTooLarge } from "@/lib/core/body";
import { AppError } from "@/lib/core/errors";
import type { DbOrTx } from "@/lib/db/types";
import { speedTests } from "./schema";
import type { SpeedTestResult } from "./rules";
import { SPEEDTEST_MAX_PER_HOUR, SPEEDTEST_MAX_UPLOAD_BYTES } from "./speed-test-rules";
import { clock } from "@/lib/core/clock";

export type SpeedTestRow = typeof speedTests.$inferSelect;

export async function recordSpeedTest(
  db: DbOrTx,
  { tenantId, customerId, userAgent = "", now = clock.now() }: { tenantId: string; customerId: string; userAgent?: string; now?: Date },
  result: SpeedTestResult,
): Promise<SpeedTestRow> {
  const [recent] = await db
    .select({ n: count() })
    .from(speedTests)
    .where(
      and(eq(speedTests.tenantId, tenantId), eq(speedTests.customerId, customerId), gt(speedTests.createdAt, new Date(now.getTime() - 3_600_000))),
    );
  if (Number(recent?.n ?? 0) >= SPEEDTEST_MAX_PER_HOUR)
    throw new AppError("rate_limited", "You have saved many speed tests in the last hour. Try again later.");
  const [row] = await db
    .insert(speedTests)
    .values({ tenantId, customerId, ...result, userAgent: userAgent.slice(0, 300), createdAt: now })
    .returning();
  return row;
}

/** A customer's latest speed tests, newest first. */
export async function listSpeedTests(
  db: DbOrTx,
  { tenantId, customerId, limit = 20 }: { tenantId: string; customerId: string; limit?: number },
): Promise<SpeedTestRow[]> {
  return db
    .select()
    .from(speedTests)
    .where(and(eq(speedTests.tenantId, tenantId), eq(speedTests.customerId, customerId)))
    .orderBy(desc(speedTests.createdAt))
    .limit(Math.min(Math.max(limit, 1), 100));
}

const CHUNK = 64 * 1024;

/** `bytes` of random data, made chunk by chunk as the client reads, so nothing along the way can compress it. */
export function randomPayload(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left <= 0) return controller.close();
      const chunk = randomFillSync(new Uint8Array(Math.min(CHUNK, left)));
      left -= chunk.length;
      controller.enqueue(chunk);
    },
  });
}

const tooLarge = () => bodyTooLarge(SPEEDTEST_MAX_UPLOAD_BYTES, `Send at most ${SPEEDTEST_MAX_UPLOAD_BYTES} bytes.`, { body: ["Too large"] });

/** Reads and discards an upload, counting its bytes; refuses past the cap without reading the rest. */
export async function drainUpload(request: Request, max = SPEEDTEST_MAX_UPLOAD_BYTES): Promise<number> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  if (!request.body) return 0;
  const reader = request.body.getReader();
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return received;
    received += value.byteLength;
    if (received > max) {
      await reader.cancel();
      throw tooLarge();
    }
  }
}
