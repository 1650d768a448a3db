import { and, eq } from "drizzle-orm";
import { auditLog } from "@/lib/audit/schema";
import type { DbOrTx } from "@/lib/db/types";

export type AuditActor = { tenantId: string | null; userId?: string | null; userName?: string; ipAddress?: string | null };

export type AuditInput = {
  action: string;
  entityType: string;
  entityId?: string | null;
  customerId?: string | null;
  before?: unknown;
  after?: unknown;
};

const SECRET_KEYS = /password|secret|token/i;

/** Secret-looking fields never reach the audit log, only the fact they changed. */
function scrub(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value) || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.test(k) ? "[secret]" : scrub(v)]));
}

/** Writes one audit entry; call it inside the transaction of the change it records. */
export async function recordAudit(db: DbOrTx, actor: AuditActor, entry: AuditInput) {
  await db.insert(auditLog).values({
    tenantId: actor.tenantId,
    actorUserId: actor.userId ?? null,
    actorLabel: actor.userName ?? "system",
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    customerId: entry.customerId ?? null,
    before: entry.before === undefined ? null : scrub(entry.before),
    after: entry.after === undefined ? null : scrub(entry.after),
    ipAddress: actor.ipAddress ?? null,
  });
}

/** Files an entity's earlier entries under a customer too, so a converted lead's history shows on the customer's timeline. */
export async function attachAuditToCustomer(
  db: DbOrTx,
  { tenantId, entityType, entityId, customerId }: { tenantId: string; entityType: string; entityId: string; customerId: string },
) {
  await db
    .update(auditLog)
    .set({ customerId })
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)));
}

/** An actor inside a tenant: what every tenant-scoped write takes. */
export type TenantActor = AuditActor & { tenantId: string };

export const actorOf = (ctx: { tenantId: string; userId: string; userName: string; ipAddress?: string | null }): TenantActor => ({
  tenantId: ctx.tenantId,
  userId: ctx.userId,
  userName: ctx.userName,
  ipAddress: ctx.ipAddress,
});
