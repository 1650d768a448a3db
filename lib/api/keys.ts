/*
 * API keys: created by an ISP's owner or admin, shown once, stored as a SHA-256, recognised by their prefix
 * (`nsk_live_`, which secret scanners can be taught), revoked at once. A key acts for its ISP only; what it may do is
 * its scopes, from where its allowlist, until when its expiry.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiKeys } from "@/lib/api/schema";
import { API_KEY_PREFIX } from "@/lib/api/values";
import { parseAllowedIps, type ApiKeyInput } from "@/lib/api/rules";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { cidrContains, parseCidr } from "@/lib/core/addresses";
import { clock } from "@/lib/core/clock";
import { sha256 } from "@/lib/core/crypto";
import { AppError, notFound } from "@/lib/core/errors";
import { zonedInstant } from "@/lib/core/time-zones";
import { addDays } from "@/lib/core/calendar";
import type { Db, DbOrTx } from "@/lib/db/types";

export type ApiKey = typeof apiKeys.$inferSelect;

/** What a list or the audit may show of a key: never its hash. */
export type ApiKeySummary = Omit<ApiKey, "keyHash">;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** 40 random base62 characters (about 238 bits) after the prefix. */
function randomBody(length = 40): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (const byte of bytes) {
    if (byte >= 248) continue; // 248 = 4 × 62: keeps every character equally likely
    out += BASE62[byte % 62];
    if (out.length === length) return out;
  }
  return out + randomBody(length - out.length);
}

export const hashApiKey = (key: string) => sha256(key);

/** The part of a key shown in lists: the prefix and 8 characters. */
export const visiblePrefix = (key: string) => key.slice(0, API_KEY_PREFIX.length + 8);

function summaryOf(row: ApiKey): ApiKeySummary {
  return Object.fromEntries(Object.entries(row).filter(([name]) => name !== "keyHash")) as ApiKeySummary;
}

/** Creates a key; the only time its whole value exists outside the caller is this return. */
export async function createApiKey(
  db: Db,
  actor: TenantActor & { timeZone: string },
  input: ApiKeyInput,
): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const key = `${API_KEY_PREFIX}${randomBody()}`;
  const { ips } = parseAllowedIps(input.allowedIps);
  // The key works through the whole of its last day where the ISP is.
  const expiresAt = input.expiresOn ? new Date(zonedInstant(addDays(input.expiresOn, 1), 0, actor.timeZone)) : null;
  if (expiresAt && expiresAt.getTime() <= clock.now().getTime())
    throw new AppError("validation", "The expiry date has passed.", { fieldErrors: { expiresOn: ["Choose a date from today on."] } });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        tenantId: actor.tenantId,
        name: input.name,
        prefix: visiblePrefix(key),
        keyHash: hashApiKey(key),
        scopes: [...input.scopes].sort(),
        allowedIps: ips,
        rateLimitPerMinute: input.rateLimitPerMinute,
        expiresAt,
        createdBy: actor.userId ?? null,
        createdAt: clock.now(),
      })
      .returning();
    const apiKey = summaryOf(row);
    await recordAudit(tx, actor, {
      action: "api_key.created",
      entityType: "api_key",
      entityId: row.id,
      after: {
        name: row.name,
        prefix: row.prefix,
        scopes: row.scopes,
        allowedIps: row.allowedIps,
        expiresAt: row.expiresAt,
        rateLimitPerMinute: row.rateLimitPerMinute,
      },
    });
    return { key, apiKey };
  });
}

export async function listApiKeys(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<ApiKeySummary[]> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt));
  return rows.map(summaryOf);
}

/** Revokes a key at once: the next request made with it is refused. */
export async function revokeApiKey(db: Db, actor: TenantActor, { apiKeyId }: { apiKeyId: string }): Promise<ApiKeySummary> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: clock.now(), revokedBy: actor.userId ?? null })
      .where(and(eq(apiKeys.tenantId, actor.tenantId), eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)))
      .returning();
    if (!row) {
      const [existing] = await tx
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.tenantId, actor.tenantId), eq(apiKeys.id, apiKeyId)));
      if (!existing) throw notFound("API key");
      throw new AppError("conflict", "This key was already revoked.");
    }
    await recordAudit(tx, actor, {
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: row.id,
      before: { name: row.name, prefix: row.prefix },
    });
    return summaryOf(row);
  });
}

export type KeyState = "active" | "revoked" | "expired";

export function keyState(key: Pick<ApiKey, "revokedAt" | "expiresAt">, now = clock.now()): KeyState {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** Whether `ip` may use a key with this allowlist (an empty list allows every address). */
export function addressAllowed(allowedIps: readonly string[], ip: string | null): boolean {
  if (allowedIps.length === 0) return true;
  if (!ip) return false;
  return allowedIps.some((entry) => {
    const block = parseCidr(entry);
    return block ? cidrContains(block, ip) : false;
  });
}

const unauthenticated = () =>
  new AppError("unauthenticated", "Send a valid API key as `Authorization: Bearer nsk_live_…`. It may have been revoked or may have expired.");

/**
 * The key a request presents, found by its hash with the owner's handle (the tenant is not known until the key is
 * found). Unknown (or no) key: unauthenticated. Whether it may be used is `keyRefusal`'s question, asked apart so that
 * a refused use of a known key can be recorded in its ISP's audit log.
 */
export async function findApiKey(ownerDb: DbOrTx, presented: string | null): Promise<ApiKey> {
  if (!presented || !presented.startsWith(API_KEY_PREFIX) || presented.length > 200) throw unauthenticated();
  const [key] = await ownerDb
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashApiKey(presented)));
  if (!key) throw unauthenticated();
  return key;
}

/** Why a known key may not be used now (revoked, expired, or from an address not on its list); null when it may. */
export function keyRefusal(key: ApiKey, ip: string | null, now = clock.now()): AppError | null {
  if (keyState(key, now) !== "active") return unauthenticated();
  if (!addressAllowed(key.allowedIps, ip))
    return new AppError("forbidden", `This API key may not be used from ${ip ?? "an unknown address"}. Add the address to the key's allowlist.`);
  return null;
}

/** Records a key's last use, at most once a minute (or when the address changes). */
export async function touchApiKey(ownerDb: DbOrTx, key: ApiKey, ip: string | null, now = clock.now()): Promise<void> {
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= 60_000 || key.lastUsedIp !== ip) {
    await ownerDb.update(apiKeys).set({ lastUsedAt: now, lastUsedIp: ip }).where(eq(apiKeys.id, key.id));
  }
}

/** The key sent with a request: `Authorization: Bearer <key>` (or the `X-Api-Key` header). */
export function presentedKey(headers: Pick<Headers, "get">): string | null {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : null;
  }
  return headers.get("x-api-key")?.trim() || null;
}
