import type { Connection } from "@/lib/db/connect";
import { syncSaasPlans } from "@/lib/tenants/service";
import { installationId } from "@/lib/provisioning/installation";

/** Applies pending migrations and refreshes reference data; safe to run at every start. */
export async function prepareDatabase(connection: Connection) {
  await connection.migrate();
  await syncSaasPlans(connection.db);
  // Made here, as the owner: tenant work may only read the installation id.
  await installationId(connection.db);
}
