/*
 * radacct kept small: sessions that ended more than a day ago move to radacct_archive, partitioned by the month they
 * ended, whose partitions are made ahead and dropped whole once past RADIUS_ACCOUNTING_RETENTION_DAYS. FreeRADIUS
 * updates radacct on every interim and finds a session by its unique acctuniqueid; with the ended sessions of a year
 * beside the open ones, every one of those updates would walk a far larger index. Moves go a batch at a time (each
 * batch one statement: deleted and inserted together, or neither), so a large backlog never holds one long lock.
 */
import { getTableColumns, sql } from "drizzle-orm";
import { radiusAccounting, radiusAccountingArchive } from "@/lib/radius/schema";
import { maintainRangePartitions, type PartitionSpec, type PartitionSummary } from "@/lib/db/partitions";
import { rowsOf } from "@/lib/db/bulk";
import { env } from "@/lib/core/env";
import { clock } from "@/lib/core/clock";
import type { Db } from "@/lib/db/types";

/** Ended sessions stay in radacct this long: a reconnect storm's last hours, and what FreeRADIUS may still touch. */
export const ARCHIVE_AFTER_MS = 86_400_000;
const BATCH = 20_000;

/** The archive's partitions: a month each, kept the retention. */
export const archivePartitions = (): PartitionSpec[] => [
  {
    schema: "radius",
    table: "radacct_archive",
    column: "acctstoptime",
    width: "month",
    retentionMs: env().RADIUS_ACCOUNTING_RETENTION_DAYS * 86_400_000,
  },
];

/** Every column both tables have, in one order for the insert and the select. */
const COLUMNS = Object.values(getTableColumns(radiusAccountingArchive))
  .map((column) => `"${column.name}"`)
  .join(", ");

/** Moves sessions ended before `now - ARCHIVE_AFTER_MS` into the archive, every ISP's (runs as the owner). */
export async function archiveEndedSessions(db: Db, now: Date = clock.now()): Promise<{ archived: number }> {
  const before = new Date(now.getTime() - ARCHIVE_AFTER_MS).toISOString();
  const columns = sql.raw(COLUMNS);
  let archived = 0;
  for (;;) {
    const result = await db.execute(sql`
      with moved as (
        delete from ${radiusAccounting}
        where radacctid in (select radacctid from ${radiusAccounting} where acctstoptime < ${before}::timestamptz limit ${BATCH})
        returning ${columns}
      ), kept as (
        insert into ${radiusAccountingArchive} (${columns}) select ${columns} from moved returning 1
      )
      select count(*)::int as n from kept`);
    const [{ n }] = rowsOf<{ n: number }>(result);
    archived += n;
    if (n < BATCH) return { archived };
  }
}

/** The archive job's run: ended sessions moved, then the archive's months made ahead and the expired ones dropped. */
export async function maintainAccountingArchive(db: Db, now: Date = clock.now()): Promise<{ archived: number } & PartitionSummary> {
  const { archived } = await archiveEndedSessions(db, now);
  return { archived, ...(await maintainRangePartitions(db, archivePartitions(), now)) };
}
