/*
 * Addresses from `/ip/pool` ranges, for sessions that take one (auto-dialling CPEs, RADIUS Framed-Pool).
 */
import { findRowByName, type RouterState } from "./router-state";

export const isIpv4 = (text: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(text);
const toNumber = (address: string) => address.split(".").reduce((value, part) => value * 256 + Number(part), 0);
const toAddress = (value: number) => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");

/** The first address of pool `poolName`'s ranges (`a-b`, single addresses, `x/len`) that no session holds. */
export function freePoolAddress(state: RouterState, poolName: string, used: ReadonlySet<string>): string | undefined {
  const pool = findRowByName(state, "ip/pool", poolName);
  for (const range of (pool?.props.ranges ?? "").split(",").filter(Boolean)) {
    const [from, to = from] = range.includes("/") ? cidrBounds(range) : range.split("-");
    if (!isIpv4(from) || !isIpv4(to)) continue;
    for (let value = toNumber(from); value <= toNumber(to); value += 1) {
      const address = toAddress(value);
      if (!used.has(address)) return address;
    }
  }
  return undefined;
}

function cidrBounds(prefix: string): [string, string] {
  const [network, length] = prefix.split("/");
  const size = 2 ** (32 - Number(length));
  const base = Math.floor(toNumber(network) / size) * size;
  return [toAddress(base + 1), toAddress(base + size - 2)];
}
