import { and, eq } from "drizzle-orm";
import { routers } from "@/lib/routers/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { createRouterOsApi } from "@/lib/routeros/transports";
import { clientOptionsFor, DemoRoutersOffError, loadRouter } from "@/lib/routers/access";
import { RouterOsError } from "@/lib/routeros/errors";
import { readHealth, type RouterHealth } from "@/lib/routers/health";
import { readDeviceId, recordDeviceId } from "@/lib/routers/device";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type { RouterHealth };

const CONNECT_TIMEOUT_MS = 5000;

/** Why a router could not be reached, in words a technician can act on. */
function describeFailure(error: unknown): string {
  if (error instanceof DemoRoutersOffError) return error.message;
  if (!(error instanceof RouterOsError)) return "The router did not answer as a RouterOS API should.";
  switch (error.kind) {
    case "auth":
      return "The router refused the API username or password.";
    case "timeout":
      return "The router did not answer in time. Check the host, the port and any firewall in between.";
    case "connection":
      return `Could not connect: ${error.message}. Check that the api (8728) or api-ssl (8729) service is enabled.`;
    default:
      return `The router answered with an error: ${error.message}`;
  }
}

/**
 * Logs in afresh with the stored credentials over the router's transport (binary API or REST) and reads
 * identity, resource and board. Status, last-seen time and last error are recorded either way; the password
 * is decrypted only for the connection. The device's serial number (or CHR software-id) is stored on the record;
 * a device another record already holds is refused.
 */
export async function testRouterConnection(db: Db, actor: TenantActor, { routerId }: { routerId: string }): Promise<RouterHealth> {
  const router = await loadRouter(db, { tenantId: actor.tenantId, routerId });
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
    const message = describeFailure(error);
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
