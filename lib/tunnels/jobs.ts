/*
 * Every minute, where the WireGuard hub runs beside the worker: each router's last handshake and transfer read from
 * the hub (health.ts). Safe twice at once: both write what the hub says at that moment.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { refreshTunnelHealth } from "./health";

export const tunnelHealthJob = defineJob({
  name: "tunnel-health",
  description:
    "Reads each router's WireGuard handshake and transfer from the hub on this host (WIREGUARD_HUB_LOCAL=true), for the router's Tunnel card and the reason given when it stops answering.",
  payload: z.object({}),
  schedule: { everySeconds: 60, cron: "* * * * *" },
  async run(ctx) {
    return refreshTunnelHealth(ctx.db);
  },
});
