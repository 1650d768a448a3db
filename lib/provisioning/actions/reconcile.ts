"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { adoptFromRouter, adoptionSchema, previewAdoption } from "@/lib/provisioning/adopt";
import { requestReconcile } from "@/lib/provisioning/trigger";

/** Reconcile a router now, or only show what would change (dry run). Returns the stored run (drift report). */
export const reconcileRouterAction = defineStaffAction({
  name: "provisioning.reconcile",
  permission: "network:reconcile",
  input: z.object({ routerId: z.uuid("Unknown router"), dryRun: z.boolean().default(false) }),
  revalidate: ["/routers"],
  run: async (ctx, { routerId, dryRun }) => {
    const run = await reconcileRouter(ctx.db, { tenantId: ctx.tenantId, routerId, trigger: "manual", dryRun, actor: actorOf(ctx) });
    return { id: run.id, status: run.status, summary: run.summary, changes: run.changes, error: run.error, roundTrips: run.roundTrips };
  },
});

/** The router's accounts NetSphere doesn't manage yet, with suggested plans. */
export const previewAdoptionAction = defineStaffAction({
  name: "provisioning.previewAdoption",
  permission: "network:reconcile",
  input: z.object({ routerId: z.uuid("Unknown router") }),
  run: (ctx, { routerId }) => previewAdoption(ctx.db, { tenantId: ctx.tenantId, routerId }),
});

/** Creates customers + subscriptions for the chosen router accounts and marks them as managed. */
export const adoptFromRouterAction = defineStaffAction({
  name: "provisioning.adopt",
  permission: "network:reconcile",
  input: adoptionSchema,
  revalidate: ["/routers", "/customers"],
  run: async (ctx, input) => {
    const created = await adoptFromRouter(ctx.db, actorOf(ctx), input);
    requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: input.routerId, trigger: "adopt" });
    return { adopted: created.length };
  },
});
