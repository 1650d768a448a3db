/*
 * Accounting upkeep: sessions FreeRADIUS still holds open (radacct rows without a stop) whose NAS has said nothing
 * about them for three of its interim intervals are closed as `Stale-Session`. A router that lost power or its link
 * never sends the Stop, and an open row counts against Simultaneous-Use: without this the subscriber could not log
 * in again (the commonest complaint about RADIUS panels). Accounting-On (a NAS that reboots) is FreeRADIUS's own.
 */
import { sql } from "drizzle-orm";
import { radiusAccounting, radiusNas } from "@/lib/radius/schema";
import { clock } from "@/lib/core/clock";
import type { DbOrTx } from "@/lib/db/types";

/** Interim intervals a session may stay silent before it is taken for gone. */
export const STALE_AFTER_INTERIMS = 3;
/** The interval assumed for a session whose NAS is no longer in RADIUS mode (radius.nas's default). */
const DEFAULT_INTERIM_SECONDS = 300;

/**
 * Closes every stale open session, of every ISP (FreeRADIUS writes radacct for all of them): the stop time is the
 * last time the NAS spoke of it, so the session's length and usage are what was reported. Safe to run twice.
 */
export async function closeStaleSessions(db: DbOrTx, now: Date = clock.now()): Promise<{ closed: number; isps: number }> {
  const a = radiusAccounting;
  const lastHeard = sql`coalesce(${a.acctupdatetime}, ${a.acctstarttime})`;
  const interim = sql`coalesce((
    select ${radiusNas.interimSeconds} from ${radiusNas}
    where ${radiusNas.tenantId} = ${a.tenantId} and ${radiusNas.nasname} = host(${a.nasipaddress})
  ), ${DEFAULT_INTERIM_SECONDS})`;
  const result = await db.execute(sql`
    update ${a}
    set acctstoptime = ${lastHeard},
        acctterminatecause = 'Stale-Session',
        acctsessiontime = coalesce(acctsessiontime, greatest(0, extract(epoch from ${lastHeard} - ${a.acctstarttime}))::bigint)
    where ${a.acctstoptime} is null
      and ${lastHeard} < ${now.toISOString()}::timestamptz - make_interval(secs => ${STALE_AFTER_INTERIMS} * ${interim})
    returning ${a.tenantId} as tenant_id`);
  const rows = (result as unknown as { rows: { tenant_id: string }[] }).rows;
  return { closed: rows.length, isps: new Set(rows.map((row) => row.tenant_id)).size };
}
