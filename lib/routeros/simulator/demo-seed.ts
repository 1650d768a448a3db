/*
 * Demo content for a simulated router: pools, PPP profiles (including an `isolir` suspension profile),
 * a handful of secrets, live sessions with different traffic rates, and hotspot vouchers.
 * Goes through `dispatch` like a client would, so the seed obeys the same rules as API writes.
 */
import type { RequestSentence } from "../types";
import { dispatch } from "./dispatch";
import type { RouterState } from "./router-state";
import { setCpePower } from "./cpes";
import { connectSession, loginHotspotUser } from "./sessions";

function run(state: RouterState, command: string, attributes: Record<string, string>): void {
  const request: RequestSentence = { command, attributes, api: {}, queries: [] };
  const replies = dispatch(state, request);
  const trap = replies.find((reply) => reply.type === "!trap");
  if (trap) throw new Error(`demo seed ${command} failed: ${trap.attributes.message}`);
}

/** `routerNumber` (1-based) varies subnets and names so routers don't look identical. */
export function seedDemoRouter(state: RouterState, routerNumber: number): void {
  const subnet = `10.${routerNumber}`;
  run(state, "/ip/pool/add", { name: "pppoe-pool", ranges: `${subnet}.0.2-${subnet}.3.254` });
  run(state, "/ip/pool/add", { name: "isolir-pool", ranges: `172.16.${routerNumber}.2-172.16.${routerNumber}.254` });
  run(state, "/ppp/profile/add", {
    name: "10M",
    "local-address": `${subnet}.0.1`,
    "remote-address": "pppoe-pool",
    "rate-limit": "5M/10M",
    "only-one": "yes",
  });
  run(state, "/ppp/profile/add", {
    name: "25M",
    "local-address": `${subnet}.0.1`,
    "remote-address": "pppoe-pool",
    "rate-limit": "10M/25M",
    "only-one": "yes",
  });
  run(state, "/ppp/profile/add", {
    name: "isolir",
    "local-address": `172.16.${routerNumber}.1`,
    "remote-address": "isolir-pool",
    "rate-limit": "512k/512k",
    "address-list": "isolir",
  });
  run(state, "/ip/hotspot/user/profile/add", { name: "1-day", "rate-limit": "2M/5M", "shared-users": "1" });

  const customers: { name: string; profile: string; disabled?: boolean; online?: { upload: number; download: number } }[] = [
    { name: "ACC-0001", profile: "10M", online: { upload: 40_000, download: 600_000 } },
    { name: "ACC-0002", profile: "25M", online: { upload: 120_000, download: 1_900_000 } },
    { name: "ACC-0003", profile: "10M", online: { upload: 15_000, download: 250_000 } },
    { name: "ACC-0004", profile: "25M" },
    { name: "ACC-0005", profile: "isolir", online: { upload: 500, download: 2_000 } },
    { name: "ACC-0006", profile: "10M", disabled: true },
  ];
  for (const [index, customer] of customers.entries()) {
    const name = `${customer.name}-R${routerNumber}`;
    run(state, "/ppp/secret/add", {
      name,
      password: `pw-${index + 1}`,
      service: "pppoe",
      profile: customer.profile,
      comment: `demo customer ${index + 1}`,
      disabled: customer.disabled ? "true" : "false",
    });
    if (customer.online) {
      const mac = `AA:BB:CC:0${routerNumber}:00:${String(index + 1).padStart(2, "0")}`;
      connectSession(state, name, {
        callerId: mac,
        address: `${subnet}.0.${index + 10}`,
        uploadBytesPerSecond: customer.online.upload,
        downloadBytesPerSecond: customer.online.download,
      });
    } else if (!customer.disabled) {
      // An enabled customer whose router is off: stays offline even when the demo's CPEs auto-dial.
      setCpePower(state, name, false);
    }
  }
  run(state, "/ip/hotspot/user/add", { name: `V${routerNumber}001`, password: "4821", profile: "1-day", "limit-uptime": "1d" });
  run(state, "/ip/hotspot/user/add", { name: `V${routerNumber}002`, password: "9930", profile: "1-day", "limit-uptime": "1d" });
  loginHotspotUser(state, `V${routerNumber}001`, { address: `192.168.${routerNumber}.20`, macAddress: `DE:AD:BE:EF:0${routerNumber}:01` });
}
