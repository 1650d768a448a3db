/*
 * The router's side of its tunnel, applied through the API while the router is still reachable at its host: the same
 * items the paste-in script makes (rules.ts `routerTunnelScript`), each found by its comment and written only when
 * missing or different, so applying twice changes nothing. The firewall rules go on top of the input chain, the
 * accepts above our drop (which matches only the tunnel interface), so the ISP's own rules keep their order below.
 * RouterOS 6 has no WireGuard: refused with the reason.
 */
import { AppError } from "@/lib/core/errors";
import type { RouterOsApi } from "@/lib/routeros/api";
import { hubAddress, prefixLength, ROUTER_INTERFACE, ROUTER_LISTEN_PORT, TUNNEL_COMMENT, type RouterTunnelConfig } from "./rules";

type Api = Pick<RouterOsApi, "write">;
type Row = Record<string, string>;

/** Finds our item of a menu by comment and makes it match `wanted` (added, or set where it differs). */
async function converge(
  api: Api,
  menu: string,
  comment: string,
  wanted: Row,
  done: string[],
  label: string,
  place?: () => Promise<string | undefined>,
) {
  const [row, ...extra] = (await api.write(`${menu}/print`, {}, [`?comment=${comment}`])).rows;
  if (!row) {
    const before = place ? await place() : undefined;
    await api.write(`${menu}/add`, { ...wanted, comment, ...(before ? { "place-before": before } : {}) });
    done.push(`${label} added`);
  } else {
    const differs = Object.entries(wanted).filter(([key, value]) => row[key] !== value);
    if (differs.length > 0) {
      await api.write(`${menu}/set`, { ".id": row[".id"]!, ...Object.fromEntries(differs) });
      done.push(`${label} set (${differs.map(([key]) => key).join(", ")})`);
    }
  }
  for (const stray of extra) {
    await api.write(`${menu}/remove`, { ".id": stray[".id"]! });
    done.push(`${label}: duplicate removed`);
  }
}

/** What was changed, in words: e.g. ["/interface/wireguard netsphere-hub added", …]; empty when already in line. */
export async function applyRouterTunnel(api: Api, config: RouterTunnelConfig): Promise<string[]> {
  const [resource] = (await api.write("/system/resource/print", { ".proplist": "version" })).rows;
  if (resource?.version?.startsWith("6"))
    throw new AppError(
      "validation",
      "This router runs RouterOS 6, which has no WireGuard. Upgrade it to RouterOS 7, or set up the SSTP/OpenVPN alternative by hand (see the script's notes).",
    );
  const hub = hubAddress(config.hub.prefix);
  const done: string[] = [];
  await converge(
    api,
    "/interface/wireguard",
    TUNNEL_COMMENT,
    { name: ROUTER_INTERFACE, "private-key": config.privateKey, "listen-port": String(ROUTER_LISTEN_PORT) },
    done,
    `/interface/wireguard ${ROUTER_INTERFACE}`,
  );
  await converge(
    api,
    "/interface/wireguard/peers",
    TUNNEL_COMMENT,
    {
      interface: ROUTER_INTERFACE,
      "public-key": config.hub.publicKey,
      "endpoint-address": config.hub.endpointHost,
      "endpoint-port": String(config.hub.endpointPort),
      "allowed-address": `${hub}/32`,
      "persistent-keepalive": "25s",
    },
    done,
    "/interface/wireguard/peers hub",
  );
  await converge(
    api,
    "/ip/address",
    TUNNEL_COMMENT,
    { address: `${config.address}/${prefixLength(config.hub.prefix)}`, interface: ROUTER_INTERFACE },
    done,
    `/ip/address ${config.address}`,
  );

  // The drop first, on top of the input chain; then each accept above it.
  const filter = "/ip/firewall/filter";
  const firstInputRule = async () => (await api.write(`${filter}/print`, { ".proplist": ".id" }, ["?chain=input"])).rows[0]?.[".id"];
  const dropComment = `${TUNNEL_COMMENT}: nothing else`;
  await converge(
    api,
    filter,
    dropComment,
    { chain: "input", "in-interface": ROUTER_INTERFACE, action: "drop" },
    done,
    "/ip/firewall/filter drop",
    firstInputRule,
  );
  const dropRule = async () => (await api.write(`${filter}/print`, { ".proplist": ".id" }, [`?comment=${dropComment}`])).rows[0]?.[".id"];
  const accepts: [string, string, number[]][] = [
    [`${TUNNEL_COMMENT}: API`, "tcp", config.tcpPorts],
    [`${TUNNEL_COMMENT}: CoA`, "udp", config.udpPorts],
  ];
  for (const [comment, protocol, ports] of accepts) {
    if (ports.length === 0) continue;
    const wanted = {
      chain: "input",
      "in-interface": ROUTER_INTERFACE,
      "src-address": hub,
      protocol,
      "dst-port": [...new Set(ports)].join(","),
      action: "accept",
    };
    await converge(api, filter, comment, wanted, done, `/ip/firewall/filter accept ${protocol}`, dropRule);
  }
  return done;
}
