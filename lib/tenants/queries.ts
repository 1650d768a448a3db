/*
 * Reads of the tenant row for other domains, so they need not know its columns: what a page, a report or a
 * message needs to show dates, money and the ISP's name.
 */
import { and, eq } from "drizzle-orm";
import { tenants } from "@/lib/tenants/schema";
import { notFound } from "@/lib/core/errors";
import { timeZoneOrDefault } from "@/lib/core/time-zones";
import type { DbOrTx } from "@/lib/db/types";

export type TenantLocale = { name: string; timeZone: string; currency: string; active: boolean };

/** The ISP's name, time zone (always one Intl knows), currency and whether it is active (not suspended by NetSphere); another tenant's id reads as not found. */
export async function tenantLocale(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<TenantLocale> {
  const [tenant] = await db
    .select({ name: tenants.name, timeZone: tenants.timezone, currency: tenants.currency, status: tenants.status })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("ISP account");
  return { name: tenant.name, timeZone: timeZoneOrDefault(tenant.timeZone), currency: tenant.currency || "PHP", active: tenant.status === "active" };
}

/**
 * The ISPs scheduled work runs for, with their time zones: every active one, or only `tenantId` (whatever its
 * status: an operator may run a job for one ISP by hand); an unknown id gives none.
 */
export async function tenantsToRun(db: DbOrTx, { tenantId }: { tenantId?: string } = {}): Promise<{ id: string; timeZone: string }[]> {
  const rows = await db
    .select({ id: tenants.id, timeZone: tenants.timezone })
    .from(tenants)
    .where(tenantId ? eq(tenants.id, tenantId) : eq(tenants.status, "active"));
  return rows.map((row) => ({ id: row.id, timeZone: timeZoneOrDefault(row.timeZone) }));
}

/** The share of capacity (0.5–1) the ISP plans links and routers' CPU to: the capacity forecast's threshold. */
export async function capacityThresholdOf(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<number> {
  const [row] = await db.select({ percent: tenants.capacityThresholdPercent }).from(tenants).where(eq(tenants.id, tenantId));
  if (!row) throw notFound("ISP");
  return row.percent / 100;
}

export type TenantBranding = { id: string; name: string; brandColor: string; logoDataUrl: string | null; contactPhone: string; email: string };

/**
 * How the ISP presents itself in messages and the portal; null for an unknown ISP (or, with `activeOnly`, a suspended
 * one, or the platform tenant: NetSphere's customers, the ISPs, have no subscriber portal to sign in to).
 */
export async function tenantBranding(
  db: DbOrTx,
  { tenantId, activeOnly = false }: { tenantId: string; activeOnly?: boolean },
): Promise<TenantBranding | null> {
  const [tenant] = await db
    .select({
      id: tenants.id,
      name: tenants.name,
      brandColor: tenants.brandColor,
      logoDataUrl: tenants.logoDataUrl,
      contactPhone: tenants.contactPhone,
      email: tenants.email,
    })
    .from(tenants)
    .where(activeOnly ? and(eq(tenants.id, tenantId), eq(tenants.status, "active"), eq(tenants.kind, "isp")) : eq(tenants.id, tenantId));
  return tenant ?? null;
}
