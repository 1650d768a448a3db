"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { tunnelHubSchema } from "@/lib/tunnels/rules";
import { applyTunnelOnRouter, disableRouterTunnel, enableRouterTunnel, revealTunnelScript, saveTunnelHub, setTunnelConnection } from "@/lib/tunnels/service";

const routerOnly = z.object({ routerId: z.uuid("Unknown router") });

/** Sets up the ISP's WireGuard hub, or changes where routers reach it. */
export const saveTunnelHubAction = defineStaffAction({
  name: "tunnels.saveHub",
  permission: "routers:write",
  input: tunnelHubSchema,
  revalidate: ["/routers"],
  run: async (ctx, settings) => {
    const hub = await saveTunnelHub(ctx.db, actorOf(ctx), settings);
    return { hubAddress: hub.hubAddress };
  },
});

/** Gives the router a tunnel: its keys and the next free tunnel address. */
export const enableRouterTunnelAction = defineStaffAction({
  name: "tunnels.enable",
  permission: "routers:write",
  input: routerOnly,
  revalidate: ["/routers"],
  run: (ctx, { routerId }) => enableRouterTunnel(ctx.db, actorOf(ctx), { routerId }),
});

/** Removes the router's tunnel; its address is free again. */
export const disableRouterTunnelAction = defineStaffAction({
  name: "tunnels.disable",
  permission: "routers:write",
  input: routerOnly,
  revalidate: ["/routers"],
  run: async (ctx, { routerId }) => {
    await disableRouterTunnel(ctx.db, actorOf(ctx), { routerId });
    return { routerId };
  },
});

/** Whether NetSphere reaches the router at its tunnel address. */
export const setTunnelConnectionAction = defineStaffAction({
  name: "tunnels.setConnection",
  permission: "routers:write",
  input: routerOnly.extend({ connectThroughTunnel: z.boolean() }),
  revalidate: ["/routers"],
  run: async (ctx, input) => {
    await setTunnelConnection(ctx.db, actorOf(ctx), input);
    return { routerId: input.routerId };
  },
});

/** The router's tunnel script with its private key (audited). */
export const revealTunnelScriptAction = defineStaffAction({
  name: "tunnels.revealScript",
  permission: "routers:write",
  input: routerOnly,
  run: (ctx, { routerId }) => revealTunnelScript(ctx.db, actorOf(ctx), { routerId }),
});

/** Writes the router's side of its tunnel through the API (while NetSphere still reaches the router). */
export const applyTunnelOnRouterAction = defineStaffAction({
  name: "tunnels.applyOnRouter",
  permission: "routers:write",
  input: routerOnly,
  revalidate: ["/routers"],
  run: (ctx, { routerId }) => applyTunnelOnRouter(ctx.db, actorOf(ctx), { routerId }),
});
