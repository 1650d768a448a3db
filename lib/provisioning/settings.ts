import { eq } from "drizzle-orm";
import { tenants, type Tenant } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import type { IsolationSettings } from "./forms";

export const isolationValuesOf = (t: Tenant): IsolationSettings => ({
  isolationMode: t.isolationMode,
  isolationProfile: t.isolationProfile,
  isolationAddressList: t.isolationAddressList,
  isolationRateLimit: t.isolationRateLimit,
});

export async function saveIsolationSettings(db: Db, actor: TenantActor, input: IsolationSettings) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(tenants).where(eq(tenants.id, actor.tenantId));
    await tx
      .update(tenants)
      .set({ ...input, updatedAt: clock.now() })
      .where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, {
      action: "settings.isolation_changed",
      entityType: "tenant",
      entityId: actor.tenantId,
      before: isolationValuesOf(before),
      after: input,
    });
  });
}
