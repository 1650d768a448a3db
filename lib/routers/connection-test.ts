import { and, eq } from "drizzle-orm";
import { routers } from "@/lib/routers/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { createRouterOsApi } from "@/lib/routeros/transports";
import { minutesWord, takeThrottle, type ThrottleRule } from "@/lib/auth/throttle";
import { clientOptionsFor, describeRouterFailure, loadRouter } from "@/lib/routers/access";
import { readHealth, type RouterHealth } from "@/lib/routers/health";
import { readDeviceId, recordDeviceId } from "@/lib/routers/device";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type { RouterHealth };

const CONNECT_TIMEOUT_MS = 5000;

/**
 * Test connections one staff member may run per minute, counted in Postgres so every app instance shares the
 * count: enough for a technician fixing a router, too few to map a network's open ports through the router form.
 */
export const CONNECTION_TESTS_PER_USER: ThrottleRule = { name: "router-connection-test:user", max: 10, windowMinutes: 1 };

/**
 * Logs in afresh with the stored credentials over the router's transport (binary API or REST) and reads
 * identity, resource and board. Status, last-seen time and last error are recorded either way; the password
 * is decrypted only for the connection. The device's serial number (or CHR software-id) is stored on the record;
 * a device another record already holds is refused.
 */
export async function testRouterConnection(db: Db, actor: TenantActor, { routerId }: { routerId: string }): Promise<RouterHealth> {
  // Per staff member; a test run without one (none today) counts against the ISP.
  const throttle = await takeThrottle(db, CONNECTION_TESTS_PER_USER, actor.userId ?? `tenant:${actor.tenantId}`);
  if (!throttle.allowed)
    throw new AppError("rate_limited", `Too many connection tests in a short time. Try again in ${minutesWord(throttle.retryInMinutes)}.`);
  const router = await loadRouter(db, { tenantId: actor.tenantId, routerId });
  const port = router.transport === "rest" ? router.restPort : router.apiPort;
  // The router's own transport, port, encoding and pinned certificate, with a fresh login rather than the pool's.
  let refusal: AppError | null = null;
  let health: RouterHealth;
  try {
    const client = createRouterOsApi({ ...clientOptionsFor(router), timeoutMs: CONNECT_TIMEOUT_MS });
    try {
      await client.connect();
      health = await readHealth(client);
      refusal = await recordDeviceId(db, router, await readDeviceId(client));
    } finally {
      await client.close().catch(() => undefined);
    }
  } catch (error) {
    const message = describeRouterFailure(error, { port, timeoutMs: CONNECT_TIMEOUT_MS });
    await recordOutcome(db, actor, router.id, "offline", { error: message });
    throw new AppError("router_unreachable", message);
  }
  if (refusal) {
    await recordOutcome(db, actor, router.id, "offline", { error: refusal.message });
    throw refusal;
  }
  await recordOutcome(db, actor, router.id, "online", { ...health });
  return health;
}

async function recordOutcome(db: Db, actor: TenantActor, routerId: string, status: "online" | "offline", after: Record<string, unknown>) {
  await db.transaction(async (tx) => {
    await tx
      .update(routers)
      .set(status === "online" ? { status, lastSeenAt: clock.now(), lastError: null } : { status, lastError: String(after.error ?? "") })
      .where(and(eq(routers.tenantId, actor.tenantId), eq(routers.id, routerId)));
    await recordAudit(tx, actor, { action: "router.connection_tested", entityType: "router", entityId: routerId, after: { status, ...after } });
  });
}
