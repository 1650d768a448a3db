/*
 * Seeded scale fixtures for benchmarks (checklist 28): thousands of secrets, live sessions, queues and a
 * large address list, written straight into the tables (no per-row uniqueness scans or change events),
 * so 10,000 secrets take milliseconds. Same seed, same rows, same traffic.
 */
import { allocateId, currentTime, formatRouterDate, seededRandom, tableOf, versionAtLeast, type RouterState } from "./router-state";
import { connectSession } from "./ppp-sessions";

export type ScaleFixture = {
  /** PPP secrets `SUB-000001`… on profile `fixture` (rate-limit 5M/10M). */
  secrets?: number;
  /** Live sessions for the first N secrets (each with its `<pppoe-…>` interface and dynamic queue). */
  sessions?: number;
  /** Static simple queues `Q-000001`… with /32 targets. */
  queues?: number;
  /** Entries in address list `fixture-blocklist`. */
  addressList?: number;
  seed?: number;
};

const pad = (index: number) => String(index + 1).padStart(6, "0");

/** The index-th host address after 10.100.0.1 (or another /8-sized base), skipping nothing: plenty for fixtures. */
function hostAddress(first: number, second: number, index: number): string {
  const value = index + 2;
  return `${first}.${second + Math.floor(value / 65_536)}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

export function seedScaleFixture(state: RouterState, fixture: ScaleFixture): void {
  const random = seededRandom(fixture.seed ?? 1);
  const secrets = tableOf(state, "ppp/secret");
  if ((fixture.secrets ?? 0) > 0 && !tableOf(state, "ppp/profile").some((row) => row.props.name === "fixture")) {
    tableOf(state, "ppp/profile").push({
      id: allocateId(state),
      props: {
        name: "fixture",
        "rate-limit": "5M/10M",
        "only-one": "yes",
        "use-encryption": "default",
        "change-tcp-mss": "default",
        default: "false",
      },
    });
  }
  const legacyNever: Record<string, string> = versionAtLeast(state, "7.0") ? {} : { "last-logged-out": "jan/01/1970 00:00:00" };
  for (let index = 0; index < (fixture.secrets ?? 0); index += 1) {
    secrets.push({
      id: allocateId(state),
      props: {
        name: `SUB-${pad(index)}`,
        password: `pw${pad(index)}`,
        service: "pppoe",
        profile: "fixture",
        "caller-id": "",
        routes: "",
        "limit-bytes-in": "0",
        "limit-bytes-out": "0",
        comment: `fixture subscriber ${index + 1}`,
        disabled: "false",
        ...legacyNever,
      },
    });
  }
  const sessions = Math.min(fixture.sessions ?? 0, secrets.length);
  for (let index = 0; index < sessions; index += 1) {
    const mac = (index + 1).toString(16).toUpperCase().padStart(6, "0").match(/../g)!.join(":");
    connectSession(state, secrets[index].props.name, {
      callerId: `02:00:00:${mac}`,
      address: hostAddress(10, 100, index),
      uploadBytesPerSecond: Math.round(5_000 + random() * 100_000),
      downloadBytesPerSecond: Math.round(50_000 + random() * 1_000_000),
    });
  }
  const queues = tableOf(state, "queue/simple");
  for (let index = 0; index < (fixture.queues ?? 0); index += 1) {
    const download = (1 + Math.floor(random() * 50)) * 1_000_000;
    queues.push({
      id: allocateId(state),
      props: {
        name: `Q-${pad(index)}`,
        target: `${hostAddress(10, 200, index)}/32`,
        "max-limit": `${download / 2}/${download}`,
        "limit-at": "0/0",
        priority: "8/8",
        queue: "default-small/default-small",
        parent: "none",
        bytes: "0/0",
        packets: "0/0",
        rate: "0/0",
        "packet-rate": "0/0",
        "queued-bytes": "0/0",
        dropped: "0/0",
        dynamic: "false",
        invalid: "false",
        disabled: "false",
      },
    });
  }
  const entries = tableOf(state, "ip/firewall/address-list");
  const created: Record<string, string> = versionAtLeast(state, "7.0") ? { "creation-time": formatRouterDate(state, currentTime(state)) } : {};
  for (let index = 0; index < (fixture.addressList ?? 0); index += 1) {
    entries.push({
      id: allocateId(state),
      props: { list: "fixture-blocklist", address: hostAddress(100, 64, index), dynamic: "false", disabled: "false", ...created },
    });
  }
}
