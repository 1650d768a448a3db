import { listPlans } from "@/lib/plans/service";
import { listRouters } from "@/lib/routers/service";
import { planOptionLabel, sortPlansForPicker } from "@/lib/plans/format";
import type { DbOrTx } from "@/lib/db/types";

/** Active plans (labelled with type and price, PPPoE first) and routers for the customer and subscription forms. */
export async function customerFormOptions(db: DbOrTx, { tenantId }: { tenantId: string }) {
  const [plans, routers] = await Promise.all([listPlans(db, { tenantId, activeOnly: true }), listRouters(db, { tenantId })]);
  return {
    plans: sortPlansForPicker(plans).map((p) => ({ id: p.id, name: planOptionLabel(p) })),
    routers: routers.map((r) => ({ id: r.id, name: r.name })),
  };
}
