/*
 * Desired vs actual, per menu (pure). Rows are matched by name (ROUTEROS.md §5.3: never by `.id`);
 * only rows carrying our marker (this installation, this router record) are ever changed or removed;
 * a desired name held by a row we don't manage is a conflict, reported and left alone; rows marked by
 * another installation or router record are reported as foreign and left alone. Our legacy markers
 * ("netsphere:<kind>:<id>" naming this router's records) are ours and get rewritten by a `set`.
 * The result is the minimal list of changes.
 */
import type { ReconcileChange } from "@/lib/provisioning/schema";
import {
  commentlessMenus,
  managedMenus,
  parseMarker,
  type DesiredRow,
  type DesiredState,
  type ManagedMenu,
  type Ownership,
} from "@/lib/provisioning/desired";
import { parseBool, parseDuration, parseRate } from "@/lib/routeros/values";

export type ActualRow = { id: string; props: Record<string, string> };
export type SessionMenu = "ppp/active" | "ip/hotspot/active";

export type ActualState = {
  menus: Record<ManagedMenu, ActualRow[]>;
  /** Live sessions: name → row ids (hotspot may hold several per user). */
  sessions: Record<SessionMenu, Map<string, string[]>>;
};

/** A change with what the applier needs: the router id for set/remove/kick, the properties for add/set. */
export type PlannedChange = ReconcileChange & {
  id?: string;
  props?: Record<string, string>;
  subscriptionId?: string;
};

/** What the router shows for a property it was never given (so a missing value is not drift). */
const routerDefaults: Partial<Record<ManagedMenu, Record<string, string>>> = {
  "ppp/secret": { "remote-address": "", "caller-id": "", disabled: "false", service: "any" },
  "ppp/profile": { "rate-limit": "", "remote-address": "", "address-list": "", "only-one": "default" },
  "ip/hotspot/user": { "mac-address": "00:00:00:00:00:00", "limit-uptime": "0s", disabled: "false" },
  "ip/hotspot/user/profile": { "rate-limit": "", "address-pool": "none", "address-list": "", "shared-users": "1" },
  "queue/simple": { disabled: "false" },
  "queue/tree": { "packet-mark": "", "limit-at": "0", "max-limit": "0", priority: "8" },
  "ip/firewall/address-list": { disabled: "false" },
};

/** Changing one of these needs the live session dropped before it applies. */
const sessionFields = new Set(["profile", "password", "disabled", "remote-address", "caller-id", "mac-address"]);

const canonicalRates = (text: string) =>
  text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((part) =>
      part
        .split("/")
        .map((v) => (/^\d+(\.\d+)?[kKMG]?$/.test(v) ? String(parseRate(v)) : v))
        .join("/"),
    )
    .join(" ");

/** Values compared the way the router means them: `10M` = `10000000`, `yes` = `true`, `1d` = `86400s`, `1.2.3.4` = `1.2.3.4/32`. */
export function sameValue(property: string, actual: string, desired: string): boolean {
  if (actual === desired) return true;
  try {
    if (["rate-limit", "max-limit", "limit-at", "burst-limit", "burst-threshold"].includes(property))
      return canonicalRates(actual) === canonicalRates(desired);
    if (property === "disabled") return parseBool(actual) === parseBool(desired);
    if (["limit-uptime", "session-timeout", "idle-timeout"].includes(property)) return parseDuration(actual) === parseDuration(desired);
    if (property === "target") return actual.replace(/\/32\b/g, "") === desired.replace(/\/32\b/g, "");
  } catch {
    return false;
  }
  return actual.trim() === desired.trim();
}

export const actualKey = (menu: ManagedMenu, row: ActualRow) =>
  menu === "ip/firewall/address-list" ? `${row.props.list}|${row.props.address}` : (row.props.name ?? "");

function differingFields(menu: ManagedMenu, desired: DesiredRow, actual: ActualRow) {
  const fields: Record<string, [string | null, string | null]> = {};
  for (const [property, value] of Object.entries(desired.props)) {
    // Passwords are hidden from API users without the `sensitive` policy: unknown is not drift.
    if (property === "password" && !(property in actual.props)) continue;
    const current = actual.props[property] ?? routerDefaults[menu]?.[property] ?? "";
    if (!sameValue(property, current, value))
      fields[property] = [property === "password" ? "••••" : current, property === "password" ? "••••" : value];
  }
  return fields;
}

function kicksFor(sessions: ActualState["sessions"], desired: DesiredRow | undefined, reason: string): PlannedChange[] {
  if (!desired?.session) return [];
  const ids = sessions[desired.session.menu].get(desired.session.name) ?? [];
  return ids.map((id) => ({
    menu: desired.session!.menu,
    action: "kick" as const,
    name: desired.session!.name,
    id,
    reason,
    outcome: "planned" as const,
    subscriptionId: desired.subscriptionId,
  }));
}

/**
 * Whose a router row is: `ours` (our marker, or a legacy marker naming this router's records), `foreign` (a marker
 * of another installation or router record, or a legacy one naming records that aren't this router's), or
 * `unmanaged` (made by hand). Commentless hotspot profiles are ours by their "ns-<tag>-" name, else unmanaged.
 */
export function ownershipOf(ownership: Ownership, menu: ManagedMenu, row: ActualRow): "ours" | "foreign" | "unmanaged" {
  if (commentlessMenus.has(menu)) return row.props.name?.startsWith(ownership.profilePrefix) ? "ours" : "unmanaged";
  const parsed = parseMarker(row.props.comment);
  if (!parsed) return "unmanaged";
  if (parsed.owner)
    return parsed.owner.installation === ownership.owner.installation && parsed.owner.router === ownership.owner.router ? "ours" : "foreign";
  // Fair-use profiles, pools and RADIUS entries came after markers named their installation: a legacy one is never ours.
  if (parsed.kind === "fup" || parsed.kind === "pool" || parsed.kind === "radius") return "foreign";
  if (parsed.kind === "isolation")
    return ownership.legacyIsolationProfile !== null && row.props.name === ownership.legacyIsolationProfile ? "ours" : "foreign";
  return ownership.legacyIds[parsed.kind].has(parsed.id) ? "ours" : "foreign";
}

const FOREIGN_REASON = "Marked by another NetSphere installation or another router record for this device; left as it is.";

/** The minimal set of changes that makes `actual` match `desired`, adds/sets first (menu order), then removals, then kicks. */
export function diffRouter(desired: DesiredState, actual: ActualState): { changes: PlannedChange[]; unchanged: number } {
  const upserts: PlannedChange[] = [];
  const removals: PlannedChange[] = [];
  const kicks: PlannedChange[] = [];
  const foreign: PlannedChange[] = [];
  let unchanged = 0;
  const { ownership } = desired;
  const ours = (menu: ManagedMenu, row: ActualRow) => ownershipOf(ownership, menu, row) === "ours";
  for (const menu of managedMenus) {
    const byKey = new Map<string, ActualRow[]>();
    for (const row of actual.menus[menu]) {
      if (row.props.dynamic === "true") continue;
      const key = actualKey(menu, row);
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
    const wanted = new Set<string>();
    for (const row of desired[menu]) {
      wanted.add(row.key);
      const candidates = byKey.get(row.key) ?? [];
      const owned = candidates.filter((c) => ours(menu, c));
      if (candidates.length === 0) {
        upserts.push({ menu, action: "add", name: row.key, props: row.props, subscriptionId: row.subscriptionId, outcome: "planned" });
        continue;
      }
      if (owned.length === 0) {
        const held = candidates.some((c) => ownershipOf(ownership, menu, c) === "foreign");
        upserts.push({
          menu,
          action: "conflict",
          name: row.key,
          subscriptionId: row.subscriptionId,
          reason: held
            ? "The router's entry with this name belongs to another NetSphere installation or another router record for this device; it is left as it is."
            : "The router already has an entry with this name that NetSphere does not manage; adopt it or rename one of them.",
          outcome: "skipped",
        });
        continue;
      }
      const [keep, ...duplicates] = owned;
      for (const extra of duplicates)
        removals.push({ menu, action: "remove", name: row.key, id: extra.id, reason: "duplicate entry", outcome: "planned" });
      const fields = differingFields(menu, row, keep);
      if (Object.keys(fields).length === 0) {
        unchanged += 1;
        continue;
      }
      upserts.push({
        menu,
        action: "set",
        name: row.key,
        id: keep.id,
        fields,
        props: pick(row.props, Object.keys(fields)),
        subscriptionId: row.subscriptionId,
        outcome: "planned",
      });
      // A hotspot user moved from its legacy profile name to the same profile's new name keeps its session.
      const renamedOnly = (f: string) => f === "profile" && ownership.renamedProfiles.get(fields.profile[0] ?? "") === fields.profile[1];
      if (Object.keys(fields).some((f) => sessionFields.has(f) && !renamedOnly(f)))
        kicks.push(...kicksFor(actual.sessions, row, "so the new settings apply now"));
    }
    for (const [key, rows] of byKey) {
      if (wanted.has(key)) continue;
      for (const row of rows.filter((r) => ownershipOf(ownership, menu, r) === "foreign"))
        foreign.push({ menu, action: "foreign", name: key, reason: `${FOREIGN_REASON} (${row.props.comment})`, outcome: "skipped" });
      for (const row of rows.filter((r) => ours(menu, r))) {
        removals.push({ menu, action: "remove", name: key, id: row.id, reason: "no longer wanted by NetSphere", outcome: "planned" });
        if (menu === "ppp/secret")
          kicks.push(...kicksFor(actual.sessions, { key, props: {}, session: { menu: "ppp/active", name: key } }, "account removed"));
        if (menu === "ip/hotspot/user")
          kicks.push(...kicksFor(actual.sessions, { key, props: {}, session: { menu: "ip/hotspot/active", name: key } }, "account removed"));
      }
    }
  }
  const order = (change: PlannedChange) => managedMenus.indexOf(change.menu as ManagedMenu);
  removals.sort((a, b) => order(b) - order(a));
  return { changes: [...upserts, ...removals, ...kicks, ...foreign], unchanged };
}

function pick(props: Record<string, string>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, props[k]]));
}
