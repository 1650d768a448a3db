import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { getReconcileRun } from "@/lib/provisioning/queries";
import { reconcileRuns } from "@/lib/provisioning/schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

describe("a drift report's address", () => {
  it("finds the run under its own router, and anything else is not found rather than a failed query", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const router = await insertRouter(conn.db, tenant.id, { port: 1, password: "s3cret" });
    const other = await insertRouter(conn.db, tenant.id, { port: 2, password: "s3cret" });
    const [run] = await conn.db
      .insert(reconcileRuns)
      .values({ tenantId: tenant.id, routerId: router.id, trigger: "manual", status: "succeeded" })
      .returning();
    const open = (routerId: string, runId: string) => getReconcileRun(conn.db, { tenantId: tenant.id, routerId, runId });

    await expect(open(router.id, run.id)).resolves.toMatchObject({ id: run.id, status: "succeeded" });
    const notFound = { code: "not_found", message: "Reconcile run not found." };
    await expect(open(router.id, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject(notFound);
    await expect(open(router.id, "not-a-run")).rejects.toMatchObject(notFound);
    await expect(open(other.id, run.id)).rejects.toMatchObject(notFound);
    await expect(open("not-a-router", run.id)).rejects.toMatchObject(notFound);
    await expect(open("\u202e' or 1=1 --", run.id)).rejects.toMatchObject(notFound);
  });
});
