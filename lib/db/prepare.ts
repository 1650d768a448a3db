import type { Connection } from "@/lib/db/connect";
import { syncSaasPlans } from "@/lib/tenants/service";
import { installationId } from "@/lib/provisioning/installation";
import { maintainPartitions } from "@/lib/monitoring/partitions";
import { clock } from "@/lib/core/clock";

/** Applies pending migrations and refreshes reference data; safe to run at every start. */
export async function prepareDatabase(connection: Connection) {
  await connection.migrate();
  await syncSaasPlans(connection.db);
  // Made here, as the owner: tenant work may only read the installation id.
  await installationId(connection.db);
  // Today's time partitions exist before the first poll (or the demo's history) writes a row.
  await maintainPartitions(connection.db, clock.now());
}
