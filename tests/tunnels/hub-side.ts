/*
 * NetSphere's side of the tunnel test, run inside the hub's network namespace (ip netns exec): the only way it can
 * reach the simulated router is through the WireGuard interface there. It reaches the test's Postgres over its Unix
 * socket (no network), reads commands from stdin, one per line, and answers each with one line starting "@@ ":
 *
 *   health               the tunnel-health job's run (`wg show all dump` in this namespace)
 *   poll <ISO instant>   the poller on the router, at that instant (alerts evaluated as after every poll)
 *   reconcile            the reconciler on the router
 *   secrets              the PPP secrets the router holds, read through the tunnel
 *
 *   DATABASE_URL, ENCRYPTION_SECRET, TENANT_ID, ROUTER_ID
 */
import readline from "node:readline";
import { connectPostgres } from "@/lib/db/connect";
import { refreshTunnelHealth } from "@/lib/tunnels/health";
import { pollRouter } from "@/lib/monitoring/poll";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { loadRouter, withRouter } from "@/lib/routers/access";

const conn = connectPostgres(process.env.DATABASE_URL!, 4);
const ids = { tenantId: process.env.TENANT_ID!, routerId: process.env.ROUTER_ID! };

async function run(command: string, argument: string | undefined): Promise<unknown> {
  switch (command) {
    case "health":
      return refreshTunnelHealth(conn.db);
    case "poll": {
      const at = new Date(argument!);
      const result = await pollRouter(conn.db, await loadRouter(conn.db, ids), () => at);
      return { status: result.status };
    }
    case "reconcile": {
      const run = await reconcileRouter(conn.db, { ...ids, trigger: "manual" });
      return { status: run.status, error: run.error };
    }
    case "secrets":
      return withRouter(conn.db, ids, async (client) => (await client.write("/ppp/secret/print")).rows.map((row) => row.name));
    default:
      throw new Error(`unknown command ${command}`);
  }
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, argument] = line.trim().split(/\s+/);
  if (command === "exit") break;
  try {
    console.log(`@@ ${JSON.stringify({ ok: true, result: await run(command, argument) })}`);
  } catch (error) {
    console.log(`@@ ${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}`);
  }
}
await conn.close();
process.exit(0);
