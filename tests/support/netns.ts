/*
 * Two network namespaces made by a test and joined by a veth pair: a "hub" (where NetSphere's side runs) and a
 * "site" (a router behind NAT). Their link uses 192.0.2.0/24 (TEST-NET-1, documentation only), their tunnel the
 * hub's prefix; neither namespace has a route anywhere else, so nothing sent in them can leave them. WireGuard is
 * Debian's wireguard-go (userspace) configured with wg, as on a hub host without the kernel module.
 * `teardown()` kills every process started in them and deletes both.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

const SOCKETS = "/var/run/wireguard";
export const HUB_LINK_ADDRESS = "192.0.2.1";
export const SITE_LINK_ADDRESS = "192.0.2.2";

export type NamespacePair = {
  hub: string;
  site: string;
  /**
   * Unique to this pair: wireguard-go's control sockets (/var/run/wireguard/<name>.sock) are shared by every
   * namespace, so interface names carry it to keep two runs on one machine apart.
   */
  tag: string;
  /** Runs a command in a namespace and returns its standard output. */
  run(ns: string, command: string, args: string[]): Promise<string>;
  /** Starts a long-running process in a namespace; it is killed by teardown. */
  start(ns: string, command: string, args: string[], env?: NodeJS.ProcessEnv): ChildProcess;
  /** Brings up a wireguard-go interface with `address` and the given wg settings (a file in wg's format). */
  wireguard(ns: string, name: string, { address, config }: { address: string; config: string }): Promise<void>;
  teardown(): Promise<void>;
};

/** What the tunnel test needs of the machine: root, network namespaces and userspace WireGuard. */
export async function namespaceSupportProblem(): Promise<string | null> {
  if (process.getuid?.() !== 0) return "the tunnel test makes network namespaces and needs root";
  for (const tool of ["ip", "wg", "wireguard-go"])
    try {
      await exec("sh", ["-c", `command -v ${tool}`]);
    } catch {
      return `${tool} is missing (.ci/run installs iproute2, wireguard-tools and wireguard-go)`;
    }
  return null;
}

export async function createNamespacePair(): Promise<NamespacePair> {
  const tag = randomBytes(3).toString("hex");
  const hub = `ns-hub-${tag}`;
  const site = `ns-site-${tag}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netsphere-netns-"));
  const children: ChildProcess[] = [];
  const ip = (args: string[]) => exec("ip", args);
  const run = async (ns: string, command: string, args: string[]) => (await exec("ip", ["netns", "exec", ns, command, ...args])).stdout;

  await ip(["netns", "add", hub]);
  await ip(["netns", "add", site]);
  await ip(["link", "add", `vh${tag}`, "type", "veth", "peer", "name", `vs${tag}`]);
  await ip(["link", "set", `vh${tag}`, "netns", hub]);
  await ip(["link", "set", `vs${tag}`, "netns", site]);
  for (const [ns, dev, address] of [
    [hub, `vh${tag}`, HUB_LINK_ADDRESS],
    [site, `vs${tag}`, SITE_LINK_ADDRESS],
  ]) {
    await ip(["-n", ns, "addr", "add", `${address}/24`, "dev", dev]);
    await ip(["-n", ns, "link", "set", dev, "up"]);
    await ip(["-n", ns, "link", "set", "lo", "up"]);
  }

  return {
    hub,
    site,
    tag,
    run,
    start(ns, command, args, env) {
      const child = spawn("ip", ["netns", "exec", ns, command, ...args], { stdio: ["pipe", "pipe", "pipe"], env: env ?? process.env });
      children.push(child);
      return child;
    },
    async wireguard(ns, name, { address, config }) {
      const file = path.join(dir, `${name}.conf`);
      fs.writeFileSync(file, config, { mode: 0o600 });
      // wireguard-go daemonises and keeps the interface while the namespace lives.
      await exec("ip", ["netns", "exec", ns, "wireguard-go", name], { env: { ...process.env, WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: "1" } });
      await run(ns, "wg", ["setconf", name, file]);
      await ip(["-n", ns, "addr", "add", address, "dev", name]);
      await ip(["-n", ns, "link", "set", name, "up"]);
    },
    async teardown() {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
      for (const ns of [hub, site]) {
        // Processes left in the namespace (wireguard-go) hold it; end them before deleting it.
        const pids = await exec("ip", ["netns", "pids", ns]).then(
          (r) => r.stdout.split(/\s+/).filter(Boolean),
          () => [],
        );
        for (const pid of pids) {
          try {
            process.kill(Number(pid), "SIGKILL");
          } catch {
            // already gone
          }
        }
        await ip(["netns", "del", ns]).catch(() => undefined);
      }
      // A killed wireguard-go leaves its control socket behind.
      for (const name of fs.existsSync(SOCKETS) ? fs.readdirSync(SOCKETS) : [])
        if (name.endsWith(`${tag}.sock`)) fs.rmSync(path.join(SOCKETS, name), { force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
