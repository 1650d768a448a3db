/*
 * The reconciler's two conversations with a router: one bulk print per menu (`.proplist` keeps it to the
 * fields we compare, ROUTEROS.md §5.4) and a pipelined apply — a bounded number of tagged commands in
 * flight on the one connection (§5.5), phase by phase so a profile exists before a secret names it.
 */
import type { RouterOsApi } from "@/lib/routeros/api";
import { eachLimited } from "@/lib/jobs/concurrency";
import { RouterOsError, RouterOsInterruptedError, RouterOsTrapError } from "@/lib/routeros/errors";
import { commentlessMenus, managedMenus, type DesiredState, type ManagedMenu } from "@/lib/provisioning/desired";
import type { ActualRow, ActualState, PlannedChange, SessionMenu } from "@/lib/provisioning/diff";

type Api = Pick<RouterOsApi, "write">;

/** Commands in flight at once on the router's connection (ROUTEROS.md §5.5: about 10–50). */
export const PIPELINE_DEPTH = 50;

/** A bulk print's deadline grows with the table: the fixed per-command one is too short for 10,000 rows on a small CPU. */
export const PRINT_BASE_MS = 5000;
export const PRINT_PER_ROW_MS = 2;
export const printDeadlineMs = (rows: number) => PRINT_BASE_MS + Math.max(0, rows) * PRINT_PER_ROW_MS;

export type RoundTrips = { count: number };

const keyProps: Record<ManagedMenu, string[]> = {
  "ip/pool": ["name"],
  "ppp/profile": ["name"],
  "ip/hotspot/user/profile": ["name"],
  "ppp/secret": ["name"],
  // uptime tells whether a voucher has been used.
  "ip/hotspot/user": ["name", "uptime"],
  "queue/simple": ["name", "dynamic"],
  "queue/tree": ["name"],
  "ip/firewall/address-list": ["list", "address", "dynamic"],
};

function toRows(rows: Record<string, string>[]): ActualRow[] {
  return rows.map(({ ".id": id, ...props }) => ({ id, props }));
}

/** A whole menu in bulk, under a deadline that grows with the table: `count-only` is cheap at any size and sizes it. */
export async function printSized(api: Api, path: string, proplist: string[]): Promise<Record<string, string>[]> {
  const { ret } = await api.write(`/${path}/print`, { "count-only": "" });
  const timeoutMs = printDeadlineMs(Number(ret) || 0);
  return (await api.write(`/${path}/print`, { ".proplist": proplist.join(",") }, [], { timeoutMs })).rows;
}

/** A menu the router doesn't have (e.g. no queue tree support) reads as empty; the caller decides if that matters. */
async function printMenu(api: Api, trips: RoundTrips, path: string, proplist: string[]): Promise<Record<string, string>[] | null> {
  trips.count += 2;
  try {
    return await printSized(api, path, proplist);
  } catch (error) {
    if (error instanceof RouterOsTrapError && /no such command/.test(error.trapMessage)) return null;
    throw error;
  }
}

/** Reads every managed menu and the live sessions, all in parallel over the one connection. */
export async function readActualState(
  api: Api,
  desired: DesiredState,
  trips: RoundTrips,
): Promise<{ actual: ActualState; missingMenus: ManagedMenu[] }> {
  const missingMenus: ManagedMenu[] = [];
  const menuReads = managedMenus.map(async (menu) => {
    const wanted = new Set([
      ".id",
      ...(commentlessMenus.has(menu) ? [] : ["comment"]),
      ...keyProps[menu],
      ...desired[menu].flatMap((row) => Object.keys(row.props)),
    ]);
    const rows = await printMenu(api, trips, menu, [...wanted]);
    if (rows === null) missingMenus.push(menu);
    return [menu, toRows(rows ?? [])] as const;
  });
  const sessionReads = (["ppp/active", "ip/hotspot/active"] as const).map(async (menu) => {
    const nameProp = menu === "ppp/active" ? "name" : "user";
    const rows = (await printMenu(api, trips, menu, [".id", nameProp])) ?? [];
    const byName = new Map<string, string[]>();
    for (const row of rows) byName.set(row[nameProp], [...(byName.get(row[nameProp]) ?? []), row[".id"]]);
    return [menu, byName] as const;
  });
  const [menus, sessions] = await Promise.all([Promise.all(menuReads), Promise.all(sessionReads)]);
  return {
    actual: {
      menus: Object.fromEntries(menus) as Record<ManagedMenu, ActualRow[]>,
      sessions: Object.fromEntries(sessions) as Record<SessionMenu, Map<string, string[]>>,
    },
    missingMenus,
  };
}

function commandFor(change: PlannedChange): [string, Record<string, string>] {
  switch (change.action) {
    case "add":
      return [`/${change.menu}/add`, change.menu === "ip/firewall/address-list" ? change.props! : { name: change.name, ...change.props }];
    case "set":
      return [`/${change.menu}/set`, { ".id": change.id!, ...change.props }];
    case "remove":
    case "kick":
      return [`/${change.menu}/remove`, { ".id": change.id! }];
    default:
      throw new Error(`nothing to send for ${change.action}`);
  }
}

/** A lost connection ends the run (the rest can't be sent); a trap fails only its own change. */
const isConnectionLoss = (error: unknown): error is RouterOsError => error instanceof RouterOsError && !(error instanceof RouterOsTrapError);

/**
 * Applies the changes phase by phase (each menu's adds/sets, then removals, then kicks), marking each
 * change applied or failed with RouterOS's own message. Throws RouterOsInterruptedError (how many changes
 * were sent and answered) if the router goes away mid-run; changes not yet sent stay "planned".
 */
export async function applyChanges(api: Api, changes: PlannedChange[], trips: RoundTrips, depth = PIPELINE_DEPTH): Promise<void> {
  const phases = new Map<string, PlannedChange[]>();
  for (const change of changes) {
    if (change.action === "conflict") continue;
    const phase = change.action === "kick" ? "kick" : `${change.action === "remove" ? "remove" : "upsert"}:${change.menu}`;
    phases.set(phase, [...(phases.get(phase) ?? []), change]);
  }
  let lost: RouterOsError | null = null;
  const progress = { sent: 0, answered: 0, total: [...phases.values()].reduce((sum, batch) => sum + batch.length, 0) };
  for (const batch of phases.values()) {
    await eachLimited(batch, depth, async (change) => {
      if (lost) return;
      const [command, attrs] = commandFor(change);
      trips.count += 1;
      progress.sent += 1;
      try {
        await api.write(command, attrs);
        progress.answered += 1;
        change.outcome = "applied";
      } catch (error) {
        if (error instanceof RouterOsTrapError) progress.answered += 1;
        // A session or row already gone is what we wanted.
        if (
          error instanceof RouterOsTrapError &&
          (change.action === "kick" || change.action === "remove") &&
          /no such item/.test(error.trapMessage)
        ) {
          change.outcome = "applied";
          return;
        }
        change.outcome = "failed";
        change.error = error instanceof RouterOsTrapError ? error.trapMessage : error instanceof Error ? error.message : String(error);
        if (isConnectionLoss(error)) lost ??= error;
      }
    });
    // Said as such, not as "could not connect": part of the change is on the router and the next run converges.
    if (lost) throw new RouterOsInterruptedError(progress, lost);
  }
}
