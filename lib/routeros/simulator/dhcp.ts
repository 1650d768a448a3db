/*
 * DHCP clients on the access port: a device that asks for an address is bound to its static lease (by MAC) when the
 * ISP made one, else given a dynamic lease on the address it asked for. `/ip/dhcp-server/lease` then shows it bound,
 * as a static-IP customer's CPE appears on a real router.
 */
import { allocateId, insertRow, notifyChange, tableOf, type RouterState } from "./router-state";

export type DhcpRequest = { macAddress: string; address: string; hostName?: string };

/** Binds the device's lease and returns its address; a disabled static lease leaves the device without one. */
export function requestLease(state: RouterState, request: DhcpRequest): string | null {
  const mac = request.macAddress.toUpperCase();
  const leases = tableOf(state, "ip/dhcp-server/lease");
  const lease = leases.find((row) => row.props["mac-address"]?.toUpperCase() === mac);
  if (lease) {
    if (lease.props.disabled === "true") return null;
    lease.props.status = "bound";
    lease.props["host-name"] = request.hostName ?? "";
    notifyChange(state, "ip/dhcp-server/lease", lease, false);
    return lease.props.address ?? null;
  }
  insertRow(state, "ip/dhcp-server/lease", {
    id: allocateId(state),
    props: {
      address: request.address,
      "mac-address": mac,
      server: "all",
      dynamic: "true",
      status: "bound",
      "host-name": request.hostName ?? "",
      blocked: "false",
      disabled: "false",
    },
  });
  return request.address;
}
