/*
 * Live PPPoE and hotspot sessions (ROUTEROS.md §4 `/ppp/active`, `/ip/hotspot/active`). A kick removes the
 * active row so the client logs in again with its current settings; ids are opaque and short-lived, so the
 * session is looked up by name first and a `no such item` reply means it already dropped.
 */
import { z } from "zod";
import { RouterOsTrapError } from "@/lib/routeros/errors";
import type { RouterOsApi, RouterOsRow } from "@/lib/routeros/api";

export const sessionServices = ["ppp", "hotspot"] as const;
export type SessionService = (typeof sessionServices)[number];

const menus = {
  ppp: { path: "/ppp/active", nameProperty: "name", proplist: ".id,name,service,caller-id,address,uptime" },
  hotspot: { path: "/ip/hotspot/active", nameProperty: "user", proplist: ".id,user,server,address,mac-address,login-by,uptime,bytes-in,bytes-out" },
} as const;

/** A session as the UI lists it; `id` is only good for the next few seconds. */
export type ActiveSession = {
  id: string;
  name: string;
  address: string;
  /** PPPoE: the client's MAC (`caller-id`); hotspot: `mac-address`. */
  macAddress: string;
  uptime: string;
  bytesIn: string;
  bytesOut: string;
};

/** A PPP secret or hotspot user name as it may appear on the router; never coerced (`08123456789`). */
export const sessionNameSchema = z
  .string()
  .min(1, "Session name is required")
  .max(128, "Session name is too long")
  .regex(/^[^\u0000-\u001f]+$/, "Session name has control characters");

export const kickTargetSchema = z.object({
  service: z.enum(sessionServices, { message: "Choose ppp or hotspot" }),
  name: sessionNameSchema,
  /** The row's `.id` as listed; when it is gone, every session of that name counts as already gone. */
  id: z
    .string()
    .regex(/^\*[0-9A-F]+$/, "Not a RouterOS item id")
    .optional(),
});
export type KickTarget = z.infer<typeof kickTargetSchema>;

function toSession(service: SessionService, row: RouterOsRow): ActiveSession {
  return {
    id: row[".id"] ?? "",
    name: row[menus[service].nameProperty] ?? "",
    address: row.address ?? "",
    macAddress: (service === "ppp" ? row["caller-id"] : row["mac-address"]) ?? "",
    uptime: row.uptime ?? "",
    bytesIn: row["bytes-in"] ?? "",
    bytesOut: row["bytes-out"] ?? "",
  };
}

/** Every live session of one service, optionally narrowed to names, addresses or MACs containing `search`. */
export async function listActiveSessions(client: RouterOsApi, { service, search = "" }: { service: SessionService; search?: string }) {
  const { rows } = await client.write(`${menus[service].path}/print`, { ".proplist": menus[service].proplist });
  const needle = search.trim().toLowerCase();
  const sessions = rows.map((row) => toSession(service, row));
  if (!needle) return sessions;
  return sessions.filter((s) => [s.name, s.address, s.macAddress].some((value) => value.toLowerCase().includes(needle)));
}

const isNoSuchItem = (error: unknown) => error instanceof RouterOsTrapError && error.traps.some((trap) => /no such item/i.test(trap.message));

/** Removes the session(s); `alreadyGone` when nothing was left to remove. */
export async function kickSession(client: RouterOsApi, { service, name, id }: KickTarget): Promise<{ removed: number; alreadyGone: boolean }> {
  const menu = menus[service];
  const { rows } = await client.write(`${menu.path}/print`, { ".proplist": `.id,${menu.nameProperty}` }, [`?${menu.nameProperty}=${name}`]);
  const targets = rows.map((row) => row[".id"]).filter((rowId): rowId is string => !!rowId && (id === undefined || rowId === id));
  let removed = 0;
  for (const target of targets) {
    try {
      await client.write(`${menu.path}/remove`, { ".id": target });
      removed += 1;
    } catch (error) {
      // The session dropped between the lookup and the remove: it is gone, which is what we wanted.
      if (!isNoSuchItem(error)) throw error;
    }
  }
  return { removed, alreadyGone: removed === 0 };
}
