/*
 * Polls one router on its pooled connection: three bulk prints with `.proplist` (interfaces with their
 * byte counters, hotspot sessions, system resource), tagged and multiplexed so they run at once.
 * Readings become counter samples mapped to subscriptions by username; store.ts writes them.
 */
import { addressReadings, normalizeMac, recordAddressSessions, type DeviceAddressReading, type PppSessionReading } from "@/lib/ipam/sessions";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import type { Router } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { describeRouterFailure, pooledClient } from "@/lib/routers/access";
import type { RouterOsApi, RouterOsRow } from "@/lib/routeros/api";
import { RouterOsError, RouterOsTrapError } from "@/lib/routeros/errors";
import { readDeviceId, recordDeviceId } from "@/lib/routers/device";
import { trapCategory } from "@/lib/routeros/types";
import { parseBool, parseCounter, parseDuration } from "@/lib/routeros/values";
import { pppoeUsername, type PollHealth, type PollOutcome } from "./rules";
import { recordPoll, type CounterSample, type PollWriteSummary } from "./store";
import { clock } from "@/lib/core/clock";
import { secretKeyMismatchIn } from "@/lib/core/crypto";
import { NEIGHBOR_PROPLIST, neighborReadings, recordTopology, type NeighborReading, type PortReading } from "@/lib/topology/discovery";
import { evaluatePoll } from "@/lib/alerts/evaluate";
import { tunnelFailureNote, tunnelReading, type TunnelReading } from "@/lib/tunnels/health";

export type InterfaceReading = {
  name: string;
  type: string;
  dynamic: boolean;
  running: boolean;
  disabled: boolean;
  rx: bigint;
  tx: bigint;
  macAddress: string | null;
  /** How often the link went down since boot; null where the interface or version does not count. */
  linkDowns: number | null;
};
export type HotspotReading = { id: string; user: string; rx: bigint; tx: bigint; address: string; macAddress: string };

type Read<T> = { ok: true; value: T } | { ok: false; error: unknown };

const settle = <T>(promise: Promise<T>): Promise<Read<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

function interfaceRows(rows: RouterOsRow[]): InterfaceReading[] {
  return rows.flatMap((row) => {
    if (!row.name || row["rx-byte"] === undefined || row["tx-byte"] === undefined) return [];
    return [
      {
        name: row.name,
        type: row.type ?? "",
        dynamic: parseBool(row.dynamic ?? "false"),
        running: parseBool(row.running ?? "false"),
        disabled: parseBool(row.disabled ?? "false"),
        rx: parseCounter(row["rx-byte"]),
        tx: parseCounter(row["tx-byte"]),
        macAddress: row["mac-address"] || null,
        linkDowns: row["link-downs"] === undefined ? null : Number(row["link-downs"]),
      },
    ];
  });
}

// On a hotspot session bytes-in is what the router received from the subscriber (upload), like rx.
const hotspotRows = (rows: RouterOsRow[]): HotspotReading[] =>
  rows.flatMap((row) =>
    row[".id"] && row.user
      ? [
          {
            id: row[".id"],
            user: row.user,
            rx: parseCounter(row["bytes-in"] ?? "0"),
            tx: parseCounter(row["bytes-out"] ?? "0"),
            address: row.address ?? "",
            macAddress: row["mac-address"] ?? "",
          },
        ]
      : [],
  );

/** Bound DHCP leases and complete ARP entries, enabled and valid: the devices that hold an address now. */
const deviceRows = (rows: RouterOsRow[], isLive: (row: RouterOsRow) => boolean): DeviceAddressReading[] =>
  rows.flatMap((row) =>
    row.address && row["mac-address"] && row.disabled !== "true" && isLive(row) ? [{ address: row.address, macAddress: row["mac-address"] }] : [],
  );

function healthOf(rows: RouterOsRow[]): PollHealth | null {
  const row = rows[0];
  if (!row) return null;
  return {
    cpuLoad: Number(row["cpu-load"] ?? 0),
    freeMemory: Number(row["free-memory"] ?? 0),
    totalMemory: Number(row["total-memory"] ?? 0),
    uptimeSeconds: Math.floor((parseDuration(row.uptime ?? "0s") ?? 0) / 1000),
  };
}

/**
 * Temperature and voltage from `/system/health`: one row per sensor on v7 (`name`, `value`), one row with a
 * property per sensor on v6. The board's own temperature wins over the CPU's; CHR and x86 report none.
 */
export function sensorsOf(rows: RouterOsRow[]): BoardSensors {
  const values = new Map<string, number>();
  for (const row of rows) {
    if (row.name !== undefined && row.value !== undefined) {
      const value = Number(row.value);
      if (Number.isFinite(value)) values.set(row.name, value);
    } else {
      for (const [key, text] of Object.entries(row)) {
        const value = Number(text);
        if (!key.startsWith(".") && Number.isFinite(value)) values.set(key, value);
      }
    }
  }
  const pick = (...names: string[]) => names.map((name) => values.get(name)).find((value) => value !== undefined) ?? null;
  return { temperature: pick("temperature", "board-temperature1", "cpu-temperature"), voltage: pick("voltage", "psu1-voltage", "psu2-voltage") };
}

export type BoardSensors = { temperature: number | null; voltage: number | null };

/** A router without the hotspot package answers "no such command": that is no hotspot, not a failure. */
const isMissingMenu = (error: unknown) => error instanceof RouterOsTrapError && error.category === trapCategory.missingItemOrCommand;

const orNothing =
  <T>(fallback: T) =>
  (error: unknown) => {
    if (isMissingMenu(error)) return fallback;
    throw error;
  };

export type RouterReadings = {
  interfaces: Read<InterfaceReading[]>;
  hotspot: Read<HotspotReading[]>;
  resource: Read<PollHealth | null>;
  sensors: Read<BoardSensors>;
  neighbors: Read<NeighborReading[]>;
  /** PPP sessions, bound DHCP leases and ARP entries with their addresses, for IP management's address history. */
  ppp: Read<PppSessionReading[]>;
  /** Null when this poll did not read them (see DEVICE_READ_MS). */
  dhcp: Read<DeviceAddressReading[]> | null;
  arp: Read<DeviceAddressReading[]> | null;
};

const notRead = Promise.resolve(null);

export async function readRouter(client: Pick<RouterOsApi, "write">, { devices = true }: { devices?: boolean } = {}): Promise<RouterReadings> {
  const [interfaces, hotspot, resource, sensors, neighbors, ppp, dhcp, arp] = await Promise.all([
    settle(
      client
        .write("/interface/print", { ".proplist": "name,type,dynamic,running,disabled,rx-byte,tx-byte,mac-address,link-downs" })
        .then((r) => interfaceRows(r.rows)),
    ),
    settle(
      client
        .write("/ip/hotspot/active/print", { ".proplist": ".id,user,bytes-in,bytes-out,address,mac-address" })
        .then((r) => hotspotRows(r.rows))
        .catch(orNothing<HotspotReading[]>([])),
    ),
    settle(client.write("/system/resource/print", { ".proplist": "cpu-load,free-memory,total-memory,uptime" }).then((r) => healthOf(r.rows))),
    settle(
      client
        .write("/system/health/print")
        .then((r) => sensorsOf(r.rows))
        .catch(orNothing<BoardSensors>({ temperature: null, voltage: null })),
    ),
    settle(
      client
        .write("/ip/neighbor/print", { ".proplist": NEIGHBOR_PROPLIST })
        .then((r) => neighborReadings(r.rows))
        .catch(orNothing<NeighborReading[]>([])),
    ),
    settle(
      client
        .write("/ppp/active/print", { ".proplist": "name,address,caller-id" })
        .then((r) => r.rows.map((row) => ({ name: row.name ?? "", address: row.address ?? "", callerId: row["caller-id"] ?? "" })))
        .catch(orNothing<PppSessionReading[]>([])),
    ),
    devices
      ? settle(
          client
            .write("/ip/dhcp-server/lease/print", { ".proplist": "address,mac-address,status,disabled" })
            .then((r) => deviceRows(r.rows, (row) => row.status === "bound"))
            .catch(orNothing<DeviceAddressReading[]>([])),
        )
      : notRead,
    devices
      ? settle(
          client
            .write("/ip/arp/print", { ".proplist": "address,mac-address,invalid,complete,disabled" })
            .then((r) => deviceRows(r.rows, (row) => row.invalid !== "true" && row.complete !== "false"))
            .catch(orNothing<DeviceAddressReading[]>([])),
        )
      : notRead,
  ]);
  return { interfaces, hotspot, resource, sensors, neighbors, ppp, dhcp, arp };
}

/** Counter samples of one poll: every interface (dynamic PPPoE ones included) and every hotspot session. */
export function samplesOf(readings: RouterReadings, subscriptionByUsername: Map<string, string>): CounterSample[] {
  const samples: CounterSample[] = [];
  if (readings.interfaces.ok) {
    for (const row of readings.interfaces.value) {
      const username = pppoeUsername(row.name);
      const subscriptionId = username === null ? undefined : subscriptionByUsername.get(username);
      const target =
        username !== null
          ? subscriptionId
            ? ({ kind: "subscription", subscriptionId } as const)
            : null
          : row.dynamic
            ? null
            : ({ kind: "interface", name: row.name } as const);
      samples.push({ subjectType: "interface", subject: row.name, rx: row.rx, tx: row.tx, target, session: username !== null });
    }
  }
  if (readings.hotspot.ok) {
    for (const session of readings.hotspot.value) {
      const subscriptionId = subscriptionByUsername.get(session.user);
      const target = subscriptionId ? ({ kind: "subscription", subscriptionId } as const) : null;
      samples.push({ subjectType: "subscription", subject: `hotspot:${session.id}`, rx: session.rx, tx: session.tx, target, session: true });
    }
  }
  return samples;
}

/**
 * DHCP leases and ARP entries name devices. Each poll reads them only on a router carrying a subscription whose CPE
 * MAC is on record (a static-IP customer to look for); elsewhere every 5 minutes, which still finds a stranger's
 * device or a lease outside the pools: two more prints on every router at every poll would add a third to the
 * poller's work (docs/BENCHMARKS.md). Between reads, the last ones stand.
 */
export const DEVICE_READ_MS = 5 * 60_000;
const devicesSeen = new Map<string, { at: number; dhcp: DeviceAddressReading[]; arp: DeviceAddressReading[] }>();

const readsDevices = (routerId: string, subscribers: RouterSubscribers, at: number) => {
  const last = devicesSeen.get(routerId);
  return subscribers.byMac.size > 0 || !last || at - last.at >= DEVICE_READ_MS;
};

/**
 * The addresses in use, when every table that shows them was read (a missing hotspot or DHCP package reads as
 * empty): from a partial read, sessions that are still open would be closed. Leases and ARP entries not read this
 * poll are the last ones read.
 */
function addressesSeen(routerId: string, readings: RouterReadings, at: number) {
  const { ppp, hotspot, dhcp, arp } = readings;
  if (!ppp.ok || !hotspot.ok || dhcp?.ok === false || arp?.ok === false) return null;
  const devices = dhcp?.ok && arp?.ok ? { at, dhcp: dhcp.value, arp: arp.value } : devicesSeen.get(routerId);
  if (!devices) return null;
  devicesSeen.set(routerId, devices);
  return { ppp: ppp.value, hotspot: hotspot.value, dhcp: devices.dhcp, arp: devices.arp };
}

export type RouterPollResult = PollWriteSummary & { routerId: string; durationMs: number };

type RouterSubscribers = {
  /** Subscription id by username (PPPoE secret or hotspot user name). */
  byUsername: Map<string, string>;
  /** Username by the CPE MAC recorded on the subscription (normalized), to name a lease's or ARP entry's device. */
  byMac: Map<string, string>;
};

/** The tenant's subscriptions on this router, by username and by recorded CPE MAC. */
async function subscriptionsOnRouter(db: Db, router: Pick<Router, "id" | "tenantId">): Promise<RouterSubscribers> {
  const rows = await db
    .select({ id: subscriptions.id, username: subscriptions.username, macAddress: subscriptions.macAddress })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, router.tenantId), eq(subscriptions.routerId, router.id), ne(subscriptions.status, "terminated")));
  const byMac = new Map<string, string>();
  for (const row of rows) if (row.macAddress) byMac.set(normalizeMac(row.macAddress), row.username);
  return { byUsername: new Map(rows.map((row) => [row.username, row.id])), byMac };
}

export type PollOptions = {
  /** Topology and alert evaluation after the poll (default on); off only to measure what they cost. */
  afterPoll?: boolean;
};

/** Polls one router and records the result; an unreachable router is recorded as offline, never thrown. */
export async function pollRouter(db: Db, router: Router, now: () => Date = () => clock.now(), options: PollOptions = {}): Promise<RouterPollResult> {
  const started = performance.now();
  let outcome: PollOutcome;
  let samples: CounterSample[] = [];
  let readings: RouterReadings | null = null;
  let byMac = new Map<string, string>();
  const completeSubjectTypes: ("interface" | "subscription")[] = [];
  try {
    const [client, subscribers] = await Promise.all([pooledClient(router, db), subscriptionsOnRouter(db, router)]);
    byMac = subscribers.byMac;
    // A device not yet identified is identified now: one that another record already holds is not this record's
    // router, however well it answers (the same refusal Test connection and reconcile give).
    const refusal = router.deviceId ? null : await recordDeviceId(db, router, await readDeviceId(client));
    readings = refusal ? null : await readRouter(client, { devices: readsDevices(router.id, subscribers, now().getTime()) });
    const reads = readings ? [readings.interfaces, readings.hotspot, readings.resource] : [];
    const failures = reads.filter((read): read is { ok: false; error: unknown } => !read.ok);
    if (refusal || !readings) {
      outcome = { reachable: false, error: refusal?.message ?? "" };
    } else if (failures.length === reads.length) {
      outcome = { reachable: false, error: describeRouterFailure(failures[0].error) };
    } else {
      samples = samplesOf(readings, subscribers.byUsername);
      if (readings.interfaces.ok) completeSubjectTypes.push("interface");
      if (readings.hotspot.ok) completeSubjectTypes.push("subscription");
      const failedReads = [
        readings.interfaces.ok ? null : "interfaces",
        readings.hotspot.ok ? null : "hotspot sessions",
        readings.resource.ok ? null : "system resource",
      ];
      const sensors = readings.sensors.ok ? readings.sensors.value : { temperature: null, voltage: null };
      const pppoeSessions = readings.interfaces.ok ? readings.interfaces.value.filter((i) => pppoeUsername(i.name) !== null).length : null;
      outcome = {
        reachable: true,
        durationMs: performance.now() - started,
        health: readings.resource.ok && readings.resource.value ? { ...readings.resource.value, ...sensors, pppoeSessions } : null,
        failedReads: failedReads.filter((name): name is string => name !== null),
      };
    }
  } catch (error) {
    // A password this process cannot decrypt is our configuration, not the router's state: leave its status alone.
    const mismatch = secretKeyMismatchIn(error);
    if (mismatch) throw mismatch;
    if (!(error instanceof RouterOsError)) throw error;
    outcome = { reachable: false, error: describeRouterFailure(error) };
  }
  // Reached through the WireGuard hub: the tunnel's last handshake says whether the tunnel or the router is what is
  // down, and feeds the tunnel-down rule.
  const tunnel = router.tunnelAddress ? await tunnelReading(db, { tenantId: router.tenantId, routerId: router.id }) : null;
  if (!outcome.reachable) {
    const note = tunnelFailureNote(tunnel, now());
    if (note) outcome = { ...outcome, error: `${outcome.error} ${note}`.trim() };
  }
  const at = now();
  const summary = await recordPoll(db, { tenantId: router.tenantId, routerId: router.id, at, outcome, samples, completeSubjectTypes });
  const seen = readings && addressesSeen(router.id, readings, at.getTime());
  if (!summary.stale && outcome.reachable && seen) {
    await recordAddressSessions(db, { tenantId: router.tenantId, routerId: router.id, at, sessions: addressReadings(seen, byMac) });
  }
  if (!summary.stale && options.afterPoll !== false)
    await afterPoll(db, router, { at, previousPollAt: summary.previousPollAt }, outcome, outcome.reachable ? readings : null, tunnel);
  return { ...summary, routerId: router.id, durationMs: performance.now() - started };
}

const portsOf = (interfaces: InterfaceReading[]): PortReading[] =>
  interfaces
    .filter((i) => !i.dynamic)
    .map((i) => ({ name: i.name, type: i.type, macAddress: i.macAddress, running: i.running, disabled: i.disabled, linkDowns: i.linkDowns ?? 0 }));

/** What the rest of network operations learns from a poll: the topology around the router, and its alerts. */
async function afterPoll(
  db: Db,
  router: Router,
  { at, previousPollAt }: { at: Date; previousPollAt: Date | null },
  outcome: PollOutcome,
  readings: RouterReadings | null,
  tunnel: TunnelReading | null,
) {
  const interfaces = readings?.interfaces.ok ? readings.interfaces.value : null;
  if (readings) {
    await recordTopology(db, {
      tenantId: router.tenantId,
      routerId: router.id,
      at,
      ports: interfaces ? portsOf(interfaces) : null,
      neighbors: readings.neighbors.ok ? readings.neighbors.value : null,
    });
  }
  const pppoeUsers = interfaces ? interfaces.flatMap((i) => pppoeUsername(i.name) ?? []) : null;
  const sessions = pppoeUsers && readings?.hotspot.ok ? [...pppoeUsers, ...readings.hotspot.value.map((session) => session.user)] : null;
  const health = outcome.reachable ? outcome.health : null;
  await evaluatePoll(db, {
    tenantId: router.tenantId,
    routerId: router.id,
    routerName: router.name,
    siteId: router.siteId,
    at,
    previousPollAt,
    reachable: outcome.reachable,
    health: health ? { ...health, temperature: health.temperature ?? null, voltage: health.voltage ?? null } : null,
    interfaces: interfaces
      ? interfaces
          .filter((i) => !i.dynamic)
          .map((i) => ({ name: i.name, running: i.running, disabled: i.disabled, linkDowns: i.linkDowns, rx: i.rx, tx: i.tx }))
      : null,
    sessions,
    pppoeSessions: pppoeUsers ? pppoeUsers.length : null,
    tunnel: tunnel?.through ? { lastHandshakeAt: tunnel.lastHandshakeAt?.getTime() ?? null } : null,
  });
}
