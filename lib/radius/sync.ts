/*
 * Keeps the RADIUS tables in step with our rows, per router, inside the reconcile of that router (provisioning calls
 * `syncRadiusRouter` with the same input the API-push reconciler uses): the ISP's groups, then the users of the
 * router's subscriptions, rewriting only the subscriptions whose rows differ, in one transaction. What changed is
 * returned so live sessions can be told (coa.ts): a new rate by CoA, a new group (suspended, restored) by Disconnect.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { arrayLiteral, unnestInsert } from "@/lib/db/bulk";
import { radiusCheck, radiusGroupReply, radiusNas, radiusReply, radiusUserGroup } from "@/lib/radius/schema";
import { decryptForRadius, encryptForRadius } from "@/lib/radius/crypto";
import { radiusGroups, radiusUser, type RadiusAttribute, type RadiusGroupRows, type RadiusUserRows } from "@/lib/radius/rows";
import type { DesiredInput } from "@/lib/provisioning/desired";
import type { Db, DbOrTx } from "@/lib/db/types";

export type RadiusNas = typeof radiusNas.$inferSelect;

/** The router's NAS row when it authenticates by RADIUS, else null (it gets its accounts by API push). */
export async function radiusNasOf(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<RadiusNas | null> {
  const [nas] = await db
    .select()
    .from(radiusNas)
    .where(and(eq(radiusNas.tenantId, tenantId), eq(radiusNas.routerId, routerId)));
  return nas ?? null;
}

export type RadiusUserChange = {
  subscriptionId: string;
  username: string;
  change: "added" | "changed" | "removed";
  groupBefore: string | null;
  groupAfter: string | null;
  /** The password, Simultaneous-Use or static address changed: the session must log in again to take it. */
  accountChanged: boolean;
};

/** `changedGroups`: the groups whose replies were added, changed or removed (their live sessions get a CoA). */
export type RadiusSyncResult = { groups: RadiusGroupRows[]; changedGroups: string[]; users: RadiusUserChange[] };

/** The subscriptions whose accounts FreeRADIUS serves: PPPoE and hotspot (a static plan needs no login). */
export const radiusServed = (input: DesiredInput) => {
  const types = new Map(input.plans.map((p) => [p.id, p.type]));
  return input.subscriptions.filter((s) => types.get(s.planId) === "pppoe" || types.get(s.planId) === "hotspot");
};

/**
 * Brings the ISP's groups and the router's users in line. `radiusMode` false (an API-push router) only removes rows
 * left by its subscriptions (a router switched back, or a subscription moved here from a RADIUS router). With
 * `dryRun` nothing is written and the result says what would change.
 */
export async function syncRadiusRouter(
  db: Db,
  { tenantId, input, radiusMode, dryRun = false }: { tenantId: string; input: DesiredInput; radiusMode: boolean; dryRun?: boolean },
): Promise<RadiusSyncResult> {
  const groups = radiusGroups({ tenantId, plans: input.plans, isolation: input.isolation });
  const desired = new Map<string, RadiusUserRows>();
  if (radiusMode)
    for (const sub of radiusServed(input)) {
      const rows = radiusUser({ tenantId, plans: input.plans, isolation: input.isolation }, sub);
      if (rows) desired.set(sub.id, rows);
    }
  const ids = [...new Set([...desired.keys(), ...input.knownIds.subscriptions])];
  const work = async (tx: DbOrTx): Promise<RadiusSyncResult> => {
    const changedGroups = radiusMode ? await syncGroups(tx, tenantId, groups, dryRun) : [];
    const existing = await existingUsers(tx, tenantId, ids);
    const users: RadiusUserChange[] = [];
    for (const id of ids) {
      const before = existing.get(id);
      const after = desired.get(id);
      if (!before && !after) continue;
      if (before && after && fingerprint(before) === fingerprint(after)) continue;
      users.push({
        subscriptionId: id,
        username: (after ?? before)!.username,
        change: !before ? "added" : !after ? "removed" : "changed",
        groupBefore: before?.groupname ?? null,
        groupAfter: after?.groupname ?? null,
        accountChanged: !before || !after || accountPrint(before) !== accountPrint(after),
      });
    }
    if (!dryRun && users.length > 0) await writeUsers(tx, tenantId, users, desired);
    return { groups, changedGroups, users };
  };
  return dryRun ? work(db) : db.transaction(work);
}

const attributesPrint = (rows: readonly RadiusAttribute[]) =>
  rows
    .map((r) => `${r.attribute}${r.op}${r.value}`)
    .sort()
    .join("\n");
const accountPrint = (user: RadiusUserRows) => `${user.username}\n${attributesPrint(user.check)}\n${attributesPrint(user.reply)}`;
const fingerprint = (user: RadiusUserRows) => `${accountPrint(user)}\n${user.groupname}`;

async function syncGroups(tx: DbOrTx, tenantId: string, groups: RadiusGroupRows[], dryRun: boolean): Promise<string[]> {
  const rows = await tx
    .select({ groupname: radiusGroupReply.groupname, attribute: radiusGroupReply.attribute, op: radiusGroupReply.op, value: radiusGroupReply.value })
    .from(radiusGroupReply)
    .where(eq(radiusGroupReply.tenantId, tenantId));
  const before = new Map<string, RadiusAttribute[]>();
  for (const row of rows) before.set(row.groupname, [...(before.get(row.groupname) ?? []), row]);
  const after = new Map(groups.map((g) => [g.groupname, g.reply]));
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (name) => attributesPrint(before.get(name) ?? []) !== attributesPrint(after.get(name) ?? []),
  );
  if (changed.length > 0 && !dryRun) {
    await tx.delete(radiusGroupReply).where(and(eq(radiusGroupReply.tenantId, tenantId), inArray(radiusGroupReply.groupname, changed)));
    const wanted = changed.flatMap((name) => (after.get(name) ?? []).map((r) => ({ tenantId, groupname: name, ...r })));
    if (wanted.length > 0) await tx.insert(radiusGroupReply).values(wanted);
  }
  return changed;
}

/** The rows now in the tables for these subscriptions, read back into the shape `radiusUser` makes (passwords decrypted). */
async function existingUsers(tx: DbOrTx, tenantId: string, ids: string[]): Promise<Map<string, RadiusUserRows>> {
  const users = new Map<string, RadiusUserRows>();
  if (ids.length === 0) return users;
  const scope = (table: typeof radiusCheck | typeof radiusReply | typeof radiusUserGroup) => ofSubscriptions(table, tenantId, ids);
  // One after another: a transaction is one connection.
  const checks = await tx.select().from(radiusCheck).where(scope(radiusCheck));
  const replies = await tx.select().from(radiusReply).where(scope(radiusReply));
  const memberships = await tx.select().from(radiusUserGroup).where(scope(radiusUserGroup));
  const user = (subscriptionId: string, username: string) => {
    let found = users.get(subscriptionId);
    if (!found) users.set(subscriptionId, (found = { subscriptionId, username, check: [], reply: [], groupname: "" }));
    return found;
  };
  for (const row of checks)
    user(row.subscriptionId, row.username).check.push({
      attribute: row.attribute,
      op: row.op,
      value: row.encrypted ? safeDecrypt(row.value) : row.value,
    });
  for (const row of replies) user(row.subscriptionId, row.username).reply.push({ attribute: row.attribute, op: row.op, value: row.value });
  for (const row of memberships) user(row.subscriptionId, row.username).groupname = row.groupname;
  return users;
}

/** A value written under another key (ENCRYPTION_SECRET changed) reads as different, so it is written again. */
function safeDecrypt(value: string): string {
  try {
    return decryptForRadius(value);
  } catch {
    return "\u0000unreadable";
  }
}

async function writeUsers(tx: DbOrTx, tenantId: string, users: RadiusUserChange[], desired: Map<string, RadiusUserRows>) {
  const ids = users.filter((u) => u.change !== "added").map((u) => u.subscriptionId);
  if (ids.length > 0) for (const table of [radiusCheck, radiusReply, radiusUserGroup]) await tx.delete(table).where(ofSubscriptions(table, tenantId, ids));
  const wanted = users.map((u) => desired.get(u.subscriptionId)).filter((u): u is RadiusUserRows => u !== undefined);
  const checks = wanted.flatMap((u) =>
    u.check.map((c) => ({
      tenantId,
      subscriptionId: u.subscriptionId,
      username: u.username,
      attribute: c.attribute,
      op: c.op,
      ...(c.attribute === "Cleartext-Password" ? { value: encryptForRadius(c.value), encrypted: true } : { value: c.value, encrypted: false }),
    })),
  );
  const replies = wanted.flatMap((u) => u.reply.map((r) => ({ tenantId, subscriptionId: u.subscriptionId, username: u.username, ...r })));
  const memberships = wanted.map((u) => ({ tenantId, subscriptionId: u.subscriptionId, username: u.username, groupname: u.groupname, priority: 1 }));
  // One statement per table and 20,000 rows, each column one array parameter (lib/db/bulk.ts).
  for (let i = 0; i < checks.length; i += 20_000) await tx.execute(unnestInsert(radiusCheck, checks.slice(i, i + 20_000)));
  for (let i = 0; i < replies.length; i += 20_000) await tx.execute(unnestInsert(radiusReply, replies.slice(i, i + 20_000)));
  for (let i = 0; i < memberships.length; i += 20_000) await tx.execute(unnestInsert(radiusUserGroup, memberships.slice(i, i + 20_000)));
}

/** Rows of these subscriptions: one array parameter, however many (no bound on a router's subscribers). */
const ofSubscriptions = (table: typeof radiusCheck | typeof radiusReply | typeof radiusUserGroup, tenantId: string, ids: string[]) =>
  and(eq(table.tenantId, tenantId), sql`${table.subscriptionId} = any(${arrayLiteral(ids)}::uuid[])`);

/** Whether the ISP has any router in RADIUS mode (an API-push reconcile skips the RADIUS tables otherwise). */
export async function tenantUsesRadius(db: DbOrTx, tenantId: string): Promise<boolean> {
  const [nas] = await db.select({ id: radiusNas.id }).from(radiusNas).where(eq(radiusNas.tenantId, tenantId)).limit(1);
  return nas !== undefined;
}
