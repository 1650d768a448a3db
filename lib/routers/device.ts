/*
 * One router record per device in the installation. A device is known by where it answers (the
 * normalised host and the port of its transport, stored as `device_key`) and, once contacted, by its
 * own identity (routerboard serial number, or the license software-id on CHR/x86, stored as
 * `device_id`). Both are unique across tenants: two records for one device would each reconcile the
 * other's entries away. Messages never name another tenant's router.
 */
import { and, eq, ne } from "drizzle-orm";
import { routers, type Router } from "@/lib/routers/schema";
import { AppError, isUniqueViolation } from "@/lib/core/errors";
import type { RouterOsApi } from "@/lib/routeros/api";
import { RouterOsTrapError } from "@/lib/routeros/errors";
import type { DbOrTx } from "@/lib/db/types";

type Endpoint = { host: string; transport?: Router["transport"]; apiPort?: number; useTls?: boolean; restPort?: number };

/** Lower-case, no trailing dot; IPv6 in its canonical short form. */
export function normaliseHost(host: string): string {
  const lower = host.trim().toLowerCase().replace(/\.$/, "");
  if (!lower.includes(":")) return lower;
  try {
    return new URL(`http://[${lower.replace(/^\[|\]$/g, "")}]`).hostname.slice(1, -1);
  } catch {
    return lower;
  }
}

/** "host:port" of the transport the router is reached on (binary API 8728 / api-ssl 8729, REST 443 by default). */
export function deviceKeyOf(router: Endpoint): string {
  const port = router.transport === "rest" ? (router.restPort ?? 443) : (router.apiPort ?? (router.useTls ? 8729 : 8728));
  const host = normaliseHost(router.host);
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** The refusal for a second record of one device: the tenant's own record is named, another tenant's never. */
export function alreadyRegistered(tenantId: string, existing: { tenantId: string; name: string } | null): AppError {
  const message =
    existing && existing.tenantId === tenantId
      ? `This router is already registered as "${existing.name}". Edit that router instead of adding it again.`
      : "This router is already registered in NetSphere. Each router can be added once; ask NetSphere support if it should move to your account.";
  return new AppError("conflict", message, { fieldErrors: { host: [message] } });
}

/** A unique violation of the device key or identity index (a record added at the same moment). */
export const isDeviceUniqueViolation = (error: unknown) => isUniqueViolation(error) && (constraintOf(error) ?? "").startsWith("routers_device_");

function constraintOf(error: unknown): string | undefined {
  const e = error as { constraint?: string; cause?: unknown } | null;
  if (!e || typeof e !== "object") return undefined;
  return e.constraint ?? constraintOf(e.cause);
}

/** Refuses a device key already used by another router record (any tenant). */
export async function assertDeviceKeyFree(db: DbOrTx, tenantId: string, deviceKey: string, routerId?: string): Promise<void> {
  const [existing] = await db
    .select({ tenantId: routers.tenantId, name: routers.name })
    .from(routers)
    .where(and(eq(routers.deviceKey, deviceKey), routerId ? ne(routers.id, routerId) : undefined))
    .limit(1);
  if (existing) throw alreadyRegistered(tenantId, existing);
}

/**
 * The device's own identity: "serial:<n>" from /system/routerboard, or "software-id:<id>" from /system/license
 * where there is no routerboard (CHR/x86). Null when the router shows neither (the check is then skipped).
 */
export async function readDeviceId(client: Pick<RouterOsApi, "write">, trips?: { count: number }): Promise<string | null> {
  const rows = async (command: string) => {
    if (trips) trips.count += 1;
    // A router without the menu answers with a trap: no identity from it. A router that does not answer at
    // all fails here, once, instead of waiting out a timeout per identity menu and then the reconcile's reads.
    return (
      await client.write(command).catch((error: unknown) => {
        if (error instanceof RouterOsTrapError) return { rows: [] as Record<string, string>[] };
        throw error;
      })
    ).rows;
  };
  const serial = (await rows("/system/routerboard/print"))[0]?.["serial-number"]?.trim();
  if (serial) return `serial:${serial}`;
  const softwareId = (await rows("/system/license/print"))[0]?.["software-id"]?.trim();
  return softwareId ? `software-id:${softwareId}` : null;
}

/**
 * Stores the identity read from the device on its record, refusing it when another record already holds it.
 * Returns the refusal (not thrown) so callers can record it as the router's error.
 */
export async function recordDeviceId(
  db: DbOrTx,
  router: Pick<Router, "id" | "tenantId" | "deviceId">,
  deviceId: string | null,
): Promise<AppError | null> {
  if (!deviceId || router.deviceId === deviceId) return null;
  const [existing] = await db
    .select({ tenantId: routers.tenantId, name: routers.name })
    .from(routers)
    .where(and(eq(routers.deviceId, deviceId), ne(routers.id, router.id)))
    .limit(1);
  if (existing) return alreadyRegistered(router.tenantId, existing);
  try {
    await db.update(routers).set({ deviceId }).where(eq(routers.id, router.id));
    return null;
  } catch (error) {
    if (isUniqueViolation(error)) return alreadyRegistered(router.tenantId, null);
    throw error;
  }
}
