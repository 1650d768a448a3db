/*
 * The app's one way to talk to a tenant's router: a process-wide pool keeps one long-lived, logged-in
 * connection per router (ROUTEROS.md §5.7), credentials are decrypted only when (re)connecting, and
 * failures come back as AppErrors with words a technician can act on — never as raw socket errors.
 */
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { routers, type Router } from "@/lib/routers/schema";
import { decryptSecret, secretKeyMismatchIn } from "@/lib/core/crypto";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { RouterOsPool } from "@/lib/routeros/pool";
import type { RouterOsClientOptions } from "@/lib/routeros/client";
import type { RouterOsApi } from "@/lib/routeros/api";
import { createRouterOsApi } from "@/lib/routeros/transports";
import {
  errorClassKey,
  RouterOsBackoffError,
  RouterOsCertificateError,
  RouterOsError,
  RouterOsInterruptedError,
  RouterOsTrapError,
} from "@/lib/routeros/errors";
import { RouterAddressRefusedError, routerLookupFor } from "@/lib/routers/reach";
import type { DbOrTx } from "@/lib/db/types";
import { env } from "@/lib/core/env";

export const ROUTER_TIMEOUT_MS = 5000;

/** With DEMO_ROUTERS=false the demo's routers are never contacted: their ports may belong to another instance's simulators. */
export class DemoRoutersOffError extends RouterOsError {
  static override readonly [errorClassKey]: string = "DemoRoutersOffError";

  constructor() {
    super("connection", "This is a demo router and the simulated demo routers are off (DEMO_ROUTERS=false), so NetSphere does not contact it.");
    this.name = "DemoRoutersOffError";
  }
}

export const demoRoutersOn = () => env().DEMO_ROUTERS === "true";

/** A WHERE condition for jobs that go through every router: leaves out the demo's routers while they are off. */
export const contactableRouters = () => (demoRoutersOn() ? undefined : eq(routers.demo, false));

/** Connection settings for a stored router row; the password is decrypted here and nowhere else. */
export function clientOptionsFor(
  router: Pick<
    Router,
    | "host"
    | "tunnelAddress"
    | "apiPort"
    | "useTls"
    | "transport"
    | "restPort"
    | "tlsFingerprint"
    | "encoding"
    | "username"
    | "passwordEncrypted"
    | "demo"
  >,
): RouterOsClientOptions {
  if (router.demo && !demoRoutersOn()) throw new DemoRoutersOffError();
  const port = router.transport === "rest" ? router.restPort : router.apiPort;
  // A router behind NAT is reached at its end of the WireGuard tunnel (lib/tunnels), never at the host it dials from.
  const host = router.tunnelAddress ?? router.host;
  return {
    host,
    // Never the server itself in production nor its web port; the socket connects to the address that was checked.
    lookup: routerLookupFor(host, { port, demo: router.demo }),
    port: router.apiPort,
    tls: router.useTls,
    transport: router.transport,
    restPort: router.restPort,
    // Routers usually carry self-signed certificates: the certificate seen on the first TLS connection is
    // pinned (trust on first use) and any later different certificate is refused.
    tlsOptions: { rejectUnauthorized: false },
    tlsFingerprint: router.tlsFingerprint ?? undefined,
    encoding: router.encoding,
    username: router.username,
    password: decryptSecret(router.passwordEncrypted),
    timeoutMs: ROUTER_TIMEOUT_MS,
  };
}

type PoolState = { pool: RouterOsPool<RouterOsApi>; rows: Map<string, Router> };
const globalForPool = globalThis as unknown as { netsphereRouterPool?: PoolState };

function poolState(): PoolState {
  if (!globalForPool.netsphereRouterPool) {
    const rows = new Map<string, Router>();
    const pool = new RouterOsPool<RouterOsApi>({
      create: createRouterOsApi,
      resolve(key) {
        const row = rows.get(key);
        if (!row) throw new RouterOsError("connection", "router settings not loaded");
        return clientOptionsFor(row);
      },
      minBackoffMs: 1000,
      maxBackoffMs: 60_000,
    });
    globalForPool.netsphereRouterPool = { pool, rows };
  }
  return globalForPool.netsphereRouterPool;
}

/** The tenant's router row, or not_found (ids of another tenant read as unknown). */
export async function loadRouter(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<Router> {
  if (!isUuid(routerId)) throw notFound("Router");
  const [router] = await db
    .select()
    .from(routers)
    .where(and(eq(routers.tenantId, tenantId), eq(routers.id, routerId)));
  if (!router) throw notFound("Router");
  return router;
}

/**
 * The pooled client for a router row; settings changed since the last connect (host, password…) reopen it.
 * With `db`, the certificate of a router's first TLS connection is pinned on its row.
 */
export async function pooledClient(router: Router, db?: DbOrTx): Promise<RouterOsApi> {
  if (router.demo && !demoRoutersOn()) throw new DemoRoutersOffError();
  const state = poolState();
  const previous = state.rows.get(router.id);
  state.rows.set(router.id, router);
  if (previous && previous.updatedAt.getTime() !== router.updatedAt.getTime()) await state.pool.release(router.id);
  const client = await state.pool.get(router.id);
  if (db && !router.tlsFingerprint && client.peerFingerprint) {
    await db
      .update(routers)
      .set({ tlsFingerprint: client.peerFingerprint })
      .where(and(eq(routers.id, router.id), isNull(routers.tlsFingerprint)));
    state.rows.set(router.id, { ...router, tlsFingerprint: client.peerFingerprint });
  }
  return client;
}

/** Drops a router's pooled connection (after its settings changed or it was deleted). */
export async function releaseRouter(routerId: string): Promise<void> {
  const state = poolState();
  state.rows.delete(routerId);
  await state.pool.release(routerId);
}

/** Why a router could not be reached or refused a command, in words a technician can act on. */
export function describeRouterFailure(error: unknown, { port, timeoutMs = ROUTER_TIMEOUT_MS }: { port?: number; timeoutMs?: number } = {}): string {
  if (error instanceof DemoRoutersOffError || error instanceof RouterAddressRefusedError || error instanceof AppError) return error.message;
  // While the pool waits out its backoff, the reason is the attempt that failed.
  if (error instanceof RouterOsBackoffError) return describeRouterFailure(error.last, { port, timeoutMs });
  const mismatch = secretKeyMismatchIn(error);
  if (mismatch) return `NetSphere could not read the router's stored password. ${mismatch.message}`;
  // A refused login can arrive as a trap on /login; it reads the same however it came.
  if (error instanceof RouterOsError && error.kind === "auth") return "The router refused the API username or password.";
  if (error instanceof RouterOsTrapError) return `The router refused ${error.command}: ${error.trapMessage}`;
  if (error instanceof RouterOsInterruptedError)
    return `The connection to the router was lost during the change: ${error.sent} of ${error.total} changes were sent and ${error.answered} confirmed before it dropped. The rest were not sent; the next reconcile reads the router again and converges.`;
  if (!(error instanceof RouterOsError)) return "The router did not answer as a RouterOS API should.";
  switch (error.kind) {
    case "timeout":
      return `The router did not answer${port ? ` on port ${port}` : ""} in time (timeout after ${timeoutMs / 1000} s). Check the host, the port and any firewall in between.`;
    case "connection":
      if (error instanceof RouterOsCertificateError)
        return "The router's TLS certificate changed since it was first seen. If you replaced it on purpose, open Edit router and save: the next connection pins the new one.";
      return connectionFailure(error, port);
    default:
      return `The router answered with an error: ${error.message}`;
  }
}

/** The errors behind an error (socket, TLS, lookup), nearest first. */
function causesOf(error: unknown): unknown[] {
  const causes: unknown[] = [];
  for (let cause = (error as { cause?: unknown }).cause; cause && causes.length < 4; cause = (cause as { cause?: unknown }).cause) causes.push(cause);
  return causes;
}

/**
 * A failed connection in plain words, never the socket's error code or TLS library text: those tell a
 * stranger more about the server's network than the technician needs.
 */
function connectionFailure(error: RouterOsError, port: number | undefined): string {
  const causes = causesOf(error);
  // A refused or unknown address, checked when the socket resolved the host: its words are already plain.
  const refused = causes.find((c): c is Error => c instanceof Error && c.name === "OutboundError");
  if (refused) return refused.message;
  const code = String((causes.find((c) => (c as { code?: unknown })?.code) as { code?: unknown } | undefined)?.code ?? "");
  const onPort = port ? ` on port ${port}` : "";
  if (code === "ECONNREFUSED")
    return `Could not connect: the router did not accept a connection${onPort}. Check the address, the port and that the API service is enabled.`;
  if (["EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "ENOTFOUND", "EAI_AGAIN"].includes(code))
    return "Could not connect: the router's address cannot be reached from the NetSphere server. Check the address and the route or VPN to it.";
  if (/SSL|TLS|CERT|EPROTO/i.test(code))
    return `Could not connect: the router did not complete a secure (TLS) connection${onPort}. Check that api-ssl (or www-ssl for REST) is enabled with a certificate, or switch TLS off.`;
  return `Could not connect: the router closed the connection${onPort} before answering. Check that the port is the RouterOS API's (8728, or 8729 with TLS) and that the API service allows NetSphere's address.`;
}

/** RouterOS failures as AppErrors: a trap keeps RouterOS's own message; everything else reads as unreachable. */
export function toAppError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof RouterOsTrapError) return new AppError("router_trap", describeRouterFailure(error), { details: { trap: error.trapMessage } });
  if (error instanceof RouterOsError) return new AppError("router_unreachable", describeRouterFailure(error));
  return error;
}

/**
 * Runs `task` with the tenant's router on its pooled connection. The router must belong to the tenant;
 * router failures are rethrown as AppErrors (router_unreachable / router_trap).
 */
export async function withRouter<T>(
  db: DbOrTx,
  ids: { tenantId: string; routerId: string },
  task: (client: RouterOsApi, router: Router) => Promise<T>,
): Promise<T> {
  const router = await loadRouter(db, ids);
  try {
    return await task(await pooledClient(router, db), router);
  } catch (error) {
    throw toAppError(error);
  }
}
