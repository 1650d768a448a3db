/*
 * The WireGuard hub's pure rules: the hub settings an ISP types, tunnel addresses in the hub's prefix, the router's
 * RouterOS side as a paste-in script, and the hub's own side as a wg-quick configuration.
 */
import { z } from "zod";
import { isRouterHost } from "@/lib/routers/rules";
import { formatAddress, formatPrefix, lastAddress, parseAddress, parsePrefix, type Prefix } from "@/lib/ipam/prefix";

/** The RouterOS interface our script makes; the hub's wg-quick interface is named after the ISP elsewhere. */
export const ROUTER_INTERFACE = "netsphere-hub";
export const ROUTER_LISTEN_PORT = 13231;
/** The comment on every item of the router's side: how the API applier finds them again. */
export const TUNNEL_COMMENT = "netsphere tunnel";

export const tunnelHubSchema = z.object({
  endpointHost: z
    .string()
    .trim()
    .min(1, "Enter the hub's public address or host name.")
    .max(253, "The host name is too long.")
    .refine(isRouterHost, "Enter an IPv4 address or a host name, without a port."),
  endpointPort: z.coerce
    .number({ message: "Enter a port from 1 to 65535." })
    .int("Enter a port from 1 to 65535.")
    .min(1, "Enter a port from 1 to 65535.")
    .max(65535, "Enter a port from 1 to 65535.")
    .default(51820),
  prefix: z
    .string()
    .trim()
    .transform((text, ctx) => {
      const parsed = tunnelPrefixOf(text);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return formatPrefix(parsed);
    }),
});
export type TunnelHubSettings = z.output<typeof tunnelHubSchema>;

/** An IPv4 prefix from /16 to /29 (the hub and at least one router), or why not. */
export function tunnelPrefixOf(text: string): Prefix | string {
  const parsed = parsePrefix(text);
  if (!parsed.ok) return parsed.error.startsWith("Host bits") ? parsed.error : "Enter an IPv4 prefix such as 10.99.0.0/24.";
  const { prefix } = parsed;
  if (prefix.version !== 4) return "The tunnel prefix must be IPv4 (RouterOS 7 routers reach the hub over IPv4).";
  if (prefix.length < 16 || prefix.length > 29) return "Use a prefix from /16 to /29.";
  return prefix;
}

function prefixOrThrow(text: string): Prefix {
  const prefix = tunnelPrefixOf(text);
  if (typeof prefix === "string") throw new Error(`Bad tunnel prefix ${text}: ${prefix}`);
  return prefix;
}

/** The hub's own tunnel address: the prefix's first usable one. */
export const hubAddress = (prefix: string): string => formatAddress({ version: 4, value: prefixOrThrow(prefix).network + 1n });

/** The lowest free router address after the hub's (network and broadcast skipped), or null when the prefix is full. */
export function nextTunnelAddress(prefix: string, used: string[]): string | null {
  const p = prefixOrThrow(prefix);
  const taken = new Set(used.map((text) => parseAddress(text)?.value).filter((v) => v !== undefined));
  for (let value = p.network + 2n; value < lastAddress(p); value += 1n) {
    if (!taken.has(value)) return formatAddress({ version: 4, value });
  }
  return null;
}

export type RouterTunnelConfig = {
  hub: { endpointHost: string; endpointPort: number; publicKey: string; prefix: string };
  /** The router's private key, or a placeholder on the page until revealed. */
  privateKey: string;
  address: string;
  /** The ports the hub reaches the router on: its API port(s) and CoA. */
  tcpPorts: number[];
  udpPorts: number[];
};

export const prefixLength = (prefix: string) => prefixOrThrow(prefix).length;

/** The router's side for RouterOS 7 (WireGuard), or the explanation for RouterOS 6 (no WireGuard). */
export function routerTunnelScript(config: RouterTunnelConfig, version: 6 | 7): string {
  if (version === 6) return routerOs6Note(config);
  const hub = hubAddress(config.hub.prefix);
  const tcp = [...new Set(config.tcpPorts)].join(",");
  const udp = [...new Set(config.udpPorts)].join(",");
  return [
    `# NetSphere tunnel: this router dials the hub at ${config.hub.endpointHost}:${config.hub.endpointPort}; NetSphere reaches it at ${config.address}.`,
    `/interface/wireguard add name=${ROUTER_INTERFACE} private-key="${config.privateKey}" listen-port=${ROUTER_LISTEN_PORT} comment="${TUNNEL_COMMENT}"`,
    `/interface/wireguard/peers add interface=${ROUTER_INTERFACE} public-key="${config.hub.publicKey}" endpoint-address=${config.hub.endpointHost} endpoint-port=${config.hub.endpointPort} allowed-address=${hub}/32 persistent-keepalive=25s comment="${TUNNEL_COMMENT}"`,
    `/ip/address add address=${config.address}/${prefixLength(config.hub.prefix)} interface=${ROUTER_INTERFACE} comment="${TUNNEL_COMMENT}"`,
    "# Only the hub, and only NetSphere's ports, come in through the tunnel. Move these rules above any drop rule of your input chain.",
    `/ip/firewall/filter add chain=input in-interface=${ROUTER_INTERFACE} src-address=${hub} protocol=tcp dst-port=${tcp} action=accept comment="${TUNNEL_COMMENT}: API"`,
    ...(udp
      ? [
          `/ip/firewall/filter add chain=input in-interface=${ROUTER_INTERFACE} src-address=${hub} protocol=udp dst-port=${udp} action=accept comment="${TUNNEL_COMMENT}: CoA"`,
        ]
      : []),
    `/ip/firewall/filter add chain=input in-interface=${ROUTER_INTERFACE} action=drop comment="${TUNNEL_COMMENT}: nothing else"`,
  ].join("\n");
}

function routerOs6Note(config: RouterTunnelConfig): string {
  return [
    "# RouterOS 6 has no WireGuard. Upgrade the router to RouterOS 7 (recommended) and use the script above.",
    "# If it must stay on RouterOS 6, an SSTP or OpenVPN client to a server beside the hub does the same job, with limits:",
    "#  - SSTP and OpenVPN run over TCP (OpenVPN on RouterOS 6 has no UDP), so a lossy uplink stalls the tunnel;",
    "#  - RouterOS 6's OpenVPN has no LZO compression and no tls-auth, and takes only certificate or user/password logins;",
    "#  - throughput is far lower than WireGuard's on the same hardware.",
    `# The router then needs the address ${config.address}/${prefixLength(config.hub.prefix)} on that interface and the same firewall rules,`,
    "# allowing only the hub's address to NetSphere's API and CoA ports. NetSphere does not generate that server yet.",
  ].join("\n");
}

export type HubPeer = { routerName: string; publicKey: string; address: string; allowedIps: string[] };

/** The hub's side as a wg-quick configuration: its interface and one [Peer] per router. */
export function hubWireguardConfig(hub: { prefix: string; endpointPort: number; privateKey: string }, peers: HubPeer[]): string {
  const lines = [
    "[Interface]",
    `Address = ${hubAddress(hub.prefix)}/${prefixLength(hub.prefix)}`,
    `ListenPort = ${hub.endpointPort}`,
    `PrivateKey = ${hub.privateKey}`,
  ];
  for (const peer of peers) {
    lines.push(
      "",
      `# ${peer.routerName.replace(/[\r\n]+/g, " ")}`,
      "[Peer]",
      `PublicKey = ${peer.publicKey}`,
      `AllowedIPs = ${[`${peer.address}/32`, ...peer.allowedIps].join(", ")}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
