import { seedDemoRouter } from "./demo-seed";
import { startSimulator, type RunningSimulator } from "./server";
import { tick } from "./clock";

/*
 * The demo's simulated routers. The defaults match the demo seed (lib/db/seed.ts): 127.0.0.1,
 * ports 18728–18730, user `netsphere`, passwords `demo-router-1..N`.
 */
const demoVersions = ["7.19.2", "7.16.1", "6.49.10"];
const demoIdentities = ["Tanauan-CCR1", "Lipa-CCR2", "Santo-CCR3"];

export type DemoRouter = {
  identity: string;
  port: number;
  username: string;
  password: string;
  version: string;
  /** api-ssl and REST ports, when asked for (REST only on 7.x routers). */
  tlsPort?: number;
  restPort?: number;
  certificateFingerprint: string;
};

export type DemoRouterOptions = {
  count?: number;
  basePort?: number;
  /** api-ssl on tlsBasePort + n; off when absent. */
  tlsBasePort?: number;
  /** REST on restBasePort + n for routers on RouterOS 7; off when absent. */
  restBasePort?: number;
};

export async function startDemoRouters({ count = 3, basePort = 18728, tlsBasePort, restBasePort }: DemoRouterOptions = {}) {
  const running: RunningSimulator[] = [];
  const routers: DemoRouter[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      const version = demoVersions[index % demoVersions.length];
      const identity = demoIdentities[index] ?? `Sim-CCR${index + 1}`;
      const password = `demo-router-${index + 1}`;
      const simulator = await startSimulator({
        port: basePort + index,
        tlsPort: tlsBasePort === undefined ? undefined : tlsBasePort + index,
        restPort: restBasePort === undefined || version.startsWith("6.") ? undefined : restBasePort + index,
        username: "netsphere",
        password,
        version,
        // Kicked demo customers come back after a few seconds, on their new profile; a secret the app
        // creates gets a session within seconds, as if the customer's CPE dialled in.
        router: { identity, boardName: "CCR2004-1G-12S+2XS", reconnectAfterSeconds: 5, autoDial: { afterSeconds: 2 }, varyTraffic: true },
      });
      seedDemoRouter(simulator.state, index + 1);
      running.push(simulator);
      const { port, tlsPort, restPort, certificateFingerprint } = simulator;
      routers.push({ identity, port, tlsPort, restPort, certificateFingerprint, username: "netsphere", password, version });
    }
  } catch (error) {
    await Promise.all(running.map((simulator) => simulator.stop()));
    throw error;
  }
  // Counters and uptimes move once a second, like a live router.
  const ticker = setInterval(() => {
    for (const simulator of running) tick(simulator.state, 1);
  }, 1000);
  ticker.unref();
  return {
    routers,
    stop: async () => {
      clearInterval(ticker);
      await Promise.all(running.map((simulator) => simulator.stop()));
    },
  };
}
