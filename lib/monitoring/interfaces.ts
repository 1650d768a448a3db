/*
 * The router's interfaces for the traffic page: read live (name, type, running), or, when the router
 * can't be reached, the ones the poller has seen, so the history stays browsable during an outage.
 */
import "server-only";
import type { DbOrTx } from "@/lib/db/types";
import { withRouter } from "@/lib/routers/access";
import { liveRead } from "@/lib/routers/live";
import { parseBool } from "@/lib/routeros/values";
import { knownInterfaces } from "./queries";

export type InterfaceSummary = { name: string; type: string; running: boolean };

export type InterfaceList = { interfaces: InterfaceSummary[]; live: true } | { interfaces: InterfaceSummary[]; live: false; message: string };

const flag = (text: string | undefined) => (text === undefined ? false : parseBool(text));

export async function listRouterInterfaces(db: DbOrTx, ids: { tenantId: string; routerId: string }): Promise<InterfaceList> {
  const read = await liveRead(
    withRouter(db, ids, async (client) => {
      const { rows } = await client.write("/interface/print", { ".proplist": "name,type,running,disabled,dynamic" });
      // Session interfaces (<pppoe-…>) come and go; they are charted per subscriber instead.
      return rows
        .filter((row) => row.name && !flag(row.dynamic))
        .map((row) => ({ name: row.name, type: row.type ?? "", running: flag(row.running) && !flag(row.disabled) }));
    }),
  );
  if (read.ok) return { interfaces: read.data, live: true };
  const names = await knownInterfaces(db, ids);
  return { interfaces: names.map((name) => ({ name, type: "", running: false })), live: false, message: read.message };
}

/** The interface a technician most likely wants first: the first running ethernet (the uplink on most boards). */
export function defaultInterface(interfaces: InterfaceSummary[]): string | undefined {
  return (
    interfaces.find((i) => i.running && i.type === "ether")?.name ??
    interfaces.find((i) => i.running)?.name ??
    interfaces.find((i) => i.type === "ether")?.name ??
    interfaces[0]?.name
  );
}

/** The interface the traffic page opens on: the one a link asked for (`?interface=`) when the router has it, else the default. */
export function initialInterface(interfaces: InterfaceSummary[], requested: string | undefined): string | undefined {
  return interfaces.some((i) => i.name === requested) ? requested : defaultInterface(interfaces);
}
