/*
 * Polls one router on its pooled connection: three bulk prints with `.proplist` (interfaces with their
 * byte counters, hotspot sessions, system resource), tagged and multiplexed so they run at once.
 * Readings become counter samples mapped to subscriptions by username; store.ts writes them.
 */
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

export type InterfaceReading = { name: string; type: string; dynamic: boolean; running: boolean; disabled: boolean; rx: bigint; tx: bigint };
export type HotspotReading = { id: string; user: string; rx: bigint; tx: bigint };

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
      },
    ];
  });
}

// On a hotspot session bytes-in is what the router received from the subscriber (upload), like rx.
const hotspotRows = (rows: RouterOsRow[]): HotspotReading[] =>
  rows.flatMap((row) =>
    row[".id"] && row.user
      ? [{ id: row[".id"], user: row.user, rx: parseCounter(row["bytes-in"] ?? "0"), tx: parseCounter(row["bytes-out"] ?? "0") }]
      : [],
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

/** A router without the hotspot package answers "no such command": that is no hotspot, not a failure. */
const isMissingMenu = (error: unknown) => error instanceof RouterOsTrapError && error.category === trapCategory.missingItemOrCommand;

export type RouterReadings = {
  interfaces: Read<InterfaceReading[]>;
  hotspot: Read<HotspotReading[]>;
  resource: Read<PollHealth | null>;
};

export async function readRouter(client: Pick<RouterOsApi, "write">): Promise<RouterReadings> {
  const [interfaces, hotspot, resource] = await Promise.all([
    settle(
      client.write("/interface/print", { ".proplist": "name,type,dynamic,running,disabled,rx-byte,tx-byte" }).then((r) => interfaceRows(r.rows)),
    ),
    settle(
      client
        .write("/ip/hotspot/active/print", { ".proplist": ".id,user,bytes-in,bytes-out" })
        .then((r) => hotspotRows(r.rows))
        .catch((error: unknown) => {
          if (isMissingMenu(error)) return [];
          throw error;
        }),
    ),
    settle(client.write("/system/resource/print", { ".proplist": "cpu-load,free-memory,total-memory,uptime" }).then((r) => healthOf(r.rows))),
  ]);
  return { interfaces, hotspot, resource };
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

export type RouterPollResult = PollWriteSummary & { routerId: string; durationMs: number };

/** The tenant's subscriptions on this router by username (PPPoE secret or hotspot user name). */
async function subscriptionsOnRouter(db: Db, router: Pick<Router, "id" | "tenantId">): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: subscriptions.id, username: subscriptions.username })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, router.tenantId), eq(subscriptions.routerId, router.id), ne(subscriptions.status, "terminated")));
  return new Map(rows.map((row) => [row.username, row.id]));
}

/** Polls one router and records the result; an unreachable router is recorded as offline, never thrown. */
export async function pollRouter(db: Db, router: Router, now: () => Date = () => clock.now()): Promise<RouterPollResult> {
  const started = performance.now();
  let outcome: PollOutcome;
  let samples: CounterSample[] = [];
  const completeSubjectTypes: ("interface" | "subscription")[] = [];
  try {
    const [client, byUsername] = await Promise.all([pooledClient(router, db), subscriptionsOnRouter(db, router)]);
    // A device not yet identified is identified now: one that another record already holds is not this record's
    // router, however well it answers (the same refusal Test connection and reconcile give).
    const refusal = router.deviceId ? null : await recordDeviceId(db, router, await readDeviceId(client));
    const readings = refusal ? null : await readRouter(client);
    const reads = readings ? [readings.interfaces, readings.hotspot, readings.resource] : [];
    const failures = reads.filter((read): read is { ok: false; error: unknown } => !read.ok);
    if (refusal || !readings) {
      outcome = { reachable: false, error: refusal?.message ?? "" };
    } else if (failures.length === reads.length) {
      outcome = { reachable: false, error: describeRouterFailure(failures[0].error) };
    } else {
      samples = samplesOf(readings, byUsername);
      if (readings.interfaces.ok) completeSubjectTypes.push("interface");
      if (readings.hotspot.ok) completeSubjectTypes.push("subscription");
      const failedReads = [
        readings.interfaces.ok ? null : "interfaces",
        readings.hotspot.ok ? null : "hotspot sessions",
        readings.resource.ok ? null : "system resource",
      ];
      outcome = {
        reachable: true,
        durationMs: performance.now() - started,
        health: readings.resource.ok ? readings.resource.value : null,
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
  const summary = await recordPoll(db, { tenantId: router.tenantId, routerId: router.id, at: now(), outcome, samples, completeSubjectTypes });
  return { ...summary, routerId: router.id, durationMs: performance.now() - started };
}
