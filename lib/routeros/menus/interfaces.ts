/*
 * `/interface` (with the dynamic `<pppoe-…>` rows of live sessions) and `/interface/monitor-traffic`,
 * once for a list of interfaces or as a stream. On `<pppoe-x>` rx is the customer's upload (§4).
 */
import type { RouterOsApi } from "../api";
import { counter, date, flag, integer, key, ro, rw, text, writeFlag, type RowOf } from "./fields";
import { editableMenu, readOnlyMenu } from "./menu";

const same = (value: string) => value;

const interfaceFields = {
  id: key(".id", text),
  name: key("name", text, same),
  defaultName: ro("default-name", text),
  type: ro("type", text),
  mtu: rw("mtu", text, same),
  actualMtu: ro("actual-mtu", integer),
  macAddress: ro("mac-address", text),
  running: ro("running", flag),
  disabled: rw("disabled", flag, writeFlag),
  dynamic: ro("dynamic", flag),
  comment: rw("comment", text, same),
  rxByte: ro("rx-byte", counter),
  txByte: ro("tx-byte", counter),
  rxPacket: ro("rx-packet", counter),
  txPacket: ro("tx-packet", counter),
  rxDrop: ro("rx-drop", counter),
  txDrop: ro("tx-drop", counter),
  rxError: ro("rx-error", counter),
  txError: ro("tx-error", counter),
  linkDowns: ro("link-downs", integer),
  lastLinkUpTime: ro("last-link-up-time", date),
};
export type RouterInterface = RowOf<typeof interfaceFields>;
/** Interfaces can be renamed, commented, enabled and disabled, not added or removed here. */
export const interfaces = editableMenu("/interface", interfaceFields);

const trafficFields = {
  name: key("name", text),
  rxBitsPerSecond: key("rx-bits-per-second", integer),
  txBitsPerSecond: key("tx-bits-per-second", integer),
  rxPacketsPerSecond: ro("rx-packets-per-second", integer),
  txPacketsPerSecond: ro("tx-packets-per-second", integer),
  rxDropsPerSecond: ro("rx-drops-per-second", integer),
  txDropsPerSecond: ro("tx-drops-per-second", integer),
  rxErrorsPerSecond: ro("rx-errors-per-second", integer),
  txErrorsPerSecond: ro("tx-errors-per-second", integer),
};
export type InterfaceTraffic = RowOf<typeof trafficFields>;
const traffic = readOnlyMenu("/interface/monitor-traffic", trafficFields);

/** One sample per interface (`=once=`); names may be dynamic, e.g. `<pppoe-alice>`. */
export async function monitorTrafficOnce(api: RouterOsApi, interfaceNames: readonly string[]): Promise<InterfaceTraffic[]> {
  if (interfaceNames.length === 0) return [];
  const { rows } = await api.write("/interface/monitor-traffic", { interface: interfaceNames.join(","), once: "" });
  return rows.map(traffic.read);
}

/** A sample per second until the loop ends (which cancels the command). Prefer a dedicated connection (§5.7). */
export async function* monitorTraffic(api: RouterOsApi, interfaceName: string): AsyncGenerator<InterfaceTraffic> {
  for await (const row of api.stream("/interface/monitor-traffic", { interface: interfaceName })) yield traffic.read(row);
}
