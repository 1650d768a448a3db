import { seedDemoRouter } from "./demo-seed";
import { startControlServer, type ControlServer } from "./control";
import { startSimulator, type RunningSimulator } from "./server";
import { tick } from "./clock";
import { addNeighbourDevice, linkNeighbours } from "./topology";

/*
 * The demo's simulated routers. The defaults match the demo seed (lib/db/seed.ts): 127.0.0.1,
 * ports 18728–18730, user `netsphere`, passwords `demo-router-1..N`. They are cabled in a chain (router n's
 * ether2 to router n+1's ether1), and router 1's ether1 goes to a switch NetSphere does not manage, so the
 * neighbour lists show links between the ISP's routers and one unknown device. ether3 is each router's access port.
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
  /** The UDP port `/radius/incoming` listens on (127.0.0.1). */
  radiusIncomingPort?: number;
};

export type DemoRouterOptions = {
  count?: number;
  basePort?: number;
  /** api-ssl on tlsBasePort + n; off when absent. */
  tlsBasePort?: number;
  /** REST on restBasePort + n for routers on RouterOS 7; off when absent. */
  restBasePort?: number;
  /** The loopback control endpoint (control.ts) on this port; off when absent. */
  controlPort?: number;
  /** `/radius/incoming` (CoA, Disconnect) on radiusIncomingBasePort + n; absent or 0 = a random port per router. */
  radiusIncomingBasePort?: number;
};

/** The device on router 1's ether1 that is not one of the ISP's routers. */
export const UNMANAGED_NEIGHBOUR = {
  identity: "SW-Core-Unmanaged",
  macAddress: "48:A9:8A:3C:51:07",
  address: "10.254.0.2",
  interfaceName: "ether24",
  board: "CRS326-24G-2S+",
  version: "7.15.3 (stable)",
  softwareId: "7XQ4-LM2P",
  uptimeSeconds: 41 * 86_400 + 3 * 3_600,
  systemCaps: "bridge,router",
  systemCapsEnabled: "bridge",
};

export async function startDemoRouters({
  count = 3,
  basePort = 18728,
  tlsBasePort,
  restBasePort,
  controlPort,
  radiusIncomingBasePort = 0,
}: DemoRouterOptions = {}) {
  const running: RunningSimulator[] = [];
  let control: ControlServer | undefined;
  const routers: DemoRouter[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      const version = demoVersions[index % demoVersions.length];
      const identity = demoIdentities[index] ?? `Sim-CCR${index + 1}`;
      const password = `demo-router-${index + 1}`;
      const simulator = await startSimulator({
        // A base of 0 gives every listener a random port (tests).
        port: basePort === 0 ? 0 : basePort + index,
        tlsPort: tlsBasePort === undefined ? undefined : tlsBasePort + index,
        restPort: restBasePort === undefined || version.startsWith("6.") ? undefined : restBasePort + index,
        radiusIncomingPort: radiusIncomingBasePort === 0 ? 0 : radiusIncomingBasePort + index,
        username: "netsphere",
        password,
        version,
        // Kicked demo customers come back after a few seconds, on their new profile; a secret the app
        // creates gets a session within seconds, as if the customer's CPE dialled in.
        router: { identity, boardName: "CCR2004-1G-12S+2XS", reconnectAfterSeconds: 5, autoDial: { afterSeconds: 2 }, varyTraffic: true },
      });
      seedDemoRouter(simulator.state, index + 1);
      running.push(simulator);
      const { port, tlsPort, restPort, certificateFingerprint, radiusIncomingPort } = simulator;
      routers.push({ identity, port, tlsPort, restPort, certificateFingerprint, radiusIncomingPort, username: "netsphere", password, version });
    }
    for (let index = 1; index < running.length; index += 1) {
      linkNeighbours(running[index - 1], "ether2", running[index], "ether1", { addresses: [`10.255.${index}.1`, `10.255.${index}.2`] });
    }
    if (running.length > 0) addNeighbourDevice(running[0], "ether1", UNMANAGED_NEIGHBOUR);
    if (controlPort !== undefined) control = await startControlServer(running, controlPort);
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
    /** The running simulators, in the routers' order (for tests and the control endpoint). */
    simulators: running as readonly RunningSimulator[],
    /** The control endpoint's port, when `controlPort` was given. */
    controlPort: control?.port,
    stop: async () => {
      clearInterval(ticker);
      await control?.stop();
      await Promise.all(running.map((simulator) => simulator.stop()));
    },
  };
}
