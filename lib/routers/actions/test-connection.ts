"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { testRouterConnection } from "@/lib/routers/connection-test";

/** "Test connection": read-only on the router, so every role that sees routers may run it. */
export const testRouterConnectionAction = defineStaffAction({
  name: "testRouterConnection",
  permission: "routers:view",
  // Only talks to the router: open while the ISP's NetSphere account is read-only.
  changesData: false,
  input: z.object({ routerId: z.string().uuid() }),
  revalidate: ["/routers"],
  run: (ctx, { routerId }) => testRouterConnection(ctx.db, actorOf(ctx), { routerId }),
});
