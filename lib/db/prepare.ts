import type { Connection } from "@/lib/db/connect";
import { syncSaasPlans } from "@/lib/tenants/service";

/** Applies pending migrations and refreshes reference data; safe to run at every start. */
export async function prepareDatabase(connection: Connection) {
  await connection.migrate();
  await syncSaasPlans(connection.db);
}
