import { eq } from "drizzle-orm";
import { z } from "zod";
import { tenants, type Tenant } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

const routerName = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, `${what}: 1–64 letters, digits, dot, dash or underscore`);

const rate = /^\d+(\.\d+)?[kMG]?$/;

/** How suspension shows on the router (ROUTEROS.md §5.2): the isolation profile, the address list, or both. */
export const isolationSettingsSchema = z.object({
  isolationMode: z.enum(["profile", "address_list", "both"], "Choose how suspension works"),
  isolationProfile: routerName("Profile name"),
  isolationAddressList: routerName("Address list"),
  isolationRateLimit: z
    .string()
    .trim()
    .refine((v) => {
      const [up, down, extra] = v.split("/");
      return extra === undefined && rate.test(up) && (down === undefined || rate.test(down));
    }, "Write upload/download as RouterOS does, e.g. 256k/256k or 1M/1M"),
});
export type IsolationSettings = z.infer<typeof isolationSettingsSchema>;

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
