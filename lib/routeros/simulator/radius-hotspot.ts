/*
 * Hotspot logins through RADIUS: when the hotspot server profile (`/ip/hotspot/profile`, the simulator's only server
 * uses `default`) has `use-radius=yes` and no enabled local user matches, the router asks the `/radius` servers of
 * service hotspot (Service-Type=Login-User, NAS-Port-Type from the profile's `nas-port-type`). An Access-Accept logs
 * the host in with Mikrotik-Rate-Limit as its dynamic `<hotspot-USER>` queue and Mikrotik-Address-List as a list entry.
 */
import { loginHotspotUser, openHotspotLogin, hotspotQueueName, type HotspotLoginResult } from "./hotspot";
import { acctSessionIdOf, nasAttributes, radiusLog, radiusServers } from "./radius-accounting";
import { mikrotikAttributes, validRateLimit } from "./radius-auth";
import { allocateId, currentTime, findRowByName, formatRouterDate, insertRow, normaliseRatePair, type RouterState } from "./router-state";

export type HotspotLoginOptions = { address: string; macAddress: string; password: string };

export function loginHotspot(state: RouterState, name: string, options: HotspotLoginOptions): HotspotLoginResult | Promise<HotspotLoginResult> {
  const user = findRowByName(state, "ip/hotspot/user", name);
  const localMatch = user && user.props.disabled !== "true" && (user.props.password ?? "") === options.password;
  const profile = findRowByName(state, "ip/hotspot/profile", "default");
  const servers = profile?.props["use-radius"] === "yes" ? radiusServers(state, "hotspot") : [];
  const transport = state.radius.transport;
  if (localMatch || !transport || servers.length === 0) return loginHotspotUser(state, name, options);
  const activeId = allocateId(state);
  return transport
    .authenticate(servers, [
      ["User-Name", name],
      ["User-Password", options.password],
      ["Service-Type", "Login-User"],
      ...nasAttributes(state, profile?.props["nas-port-type"] === "ethernet" ? "Ethernet" : "Wireless-802.11"),
      ["Calling-Station-Id", options.macAddress],
      ["Framed-IP-Address", options.address],
      ["Acct-Session-Id", acctSessionIdOf(activeId)],
    ])
    .then((answer): HotspotLoginResult => {
      if (answer.code !== "Access-Accept") {
        const reason = answer.code === "no-answer" ? answer.reason : "rejected by radius server";
        radiusLog(state, `hotspot login failed for ${name}: ${reason}`);
        return { ok: false, reason };
      }
      const vendor = mikrotikAttributes(answer.attributes);
      const result = openHotspotLogin(state, name, { address: options.address, macAddress: options.macAddress, server: "all", radius: { activeId } });
      const rateLimit = validRateLimit(state, vendor["Mikrotik-Rate-Limit"]);
      if (rateLimit && !findRowByName(state, "queue/simple", hotspotQueueName(name))) {
        insertRow(state, "queue/simple", {
          id: allocateId(state),
          props: {
            name: hotspotQueueName(name),
            target: `${options.address}/32`,
            "max-limit": normaliseRatePair(rateLimit.split(" ")[0]),
            "limit-at": "0/0",
            priority: "8/8",
            queue: "hotspot-default/hotspot-default",
            bytes: "0/0",
            packets: "0/0",
            dynamic: "true",
            disabled: "false",
            invalid: "false",
          },
        });
      }
      const addressList = vendor["Mikrotik-Address-List"];
      if (typeof addressList === "string" && addressList) {
        insertRow(state, "ip/firewall/address-list", {
          id: allocateId(state),
          props: {
            list: addressList,
            address: options.address,
            dynamic: "true",
            disabled: "false",
            "creation-time": formatRouterDate(state, currentTime(state)),
          },
        });
      }
      return result;
    });
}
