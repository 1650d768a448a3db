/*
 * The simulated router of the tunnel test's "site": run inside the site's network namespace (ip netns exec), it
 * answers the RouterOS API on its tunnel address only. Prints "ready" once listening; stops on SIGTERM.
 *
 *   SITE_ROUTER_HOST, SITE_ROUTER_PORT, SITE_ROUTER_PASSWORD
 */
import { startSimulator } from "@/lib/routeros/simulator/server";

const sim = await startSimulator({
  host: process.env.SITE_ROUTER_HOST,
  port: Number(process.env.SITE_ROUTER_PORT),
  username: "api",
  password: process.env.SITE_ROUTER_PASSWORD ?? "",
  router: { identity: "site-behind-nat" },
});
console.log(`ready ${sim.port}`);
process.on("SIGTERM", () => void sim.stop().finally(() => process.exit(0)));
