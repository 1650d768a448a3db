"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { adoptFromRouter, adoptionSchema, previewAdoption } from "@/lib/provisioning/adopt";
import { adoptPoolsFromRouter, poolAdoptionSchema, previewPoolAdoption } from "@/lib/provisioning/adopt-pools";
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

/** The router's accounts and address pools NetSphere doesn't manage yet, with suggested plans and the pools' prefixes. */
export const previewAdoptionAction = defineStaffAction({
  name: "provisioning.previewAdoption",
  permission: "network:reconcile",
  // A preview writes nothing: open while the ISP's NetSphere account is read-only.
  changesData: false,
  input: z.object({ routerId: z.uuid("Unknown router") }),
  run: async (ctx, { routerId }) => {
    const ids = { tenantId: ctx.tenantId, routerId };
    // One pooled connection: both reads go out side by side.
    const [accounts, pools] = await Promise.all([previewAdoption(ctx.db, ids), previewPoolAdoption(ctx.db, ids)]);
    return { accounts, pools };
  },
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

/** Records the chosen router pools in IP management as carried by the router and marks them as managed. */
export const adoptPoolsFromRouterAction = defineStaffAction({
  name: "provisioning.adoptPools",
  permission: "network:reconcile",
  input: poolAdoptionSchema,
  revalidate: ["/routers", "/network/ipam"],
  run: async (ctx, input) => {
    const adopted = await adoptPoolsFromRouter(ctx.db, actorOf(ctx), input);
    requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: input.routerId, trigger: "adopt" });
    return { adopted: adopted.length, prefixesCreated: adopted.flatMap((a) => (a.prefixCreated ? [a.prefixCreated] : [])) };
  },
});
