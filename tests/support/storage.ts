/*
 * File storage for database tests: a local-disk driver on a fresh temporary directory (never the app's
 * .data), plus the smallest ticket and work log rows files can be attached to.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { tickets, workLogs } from "@/lib/tickets/schema";
import { localDriver } from "@/lib/storage/drivers/local";
import { setStorageDriver } from "@/lib/storage/drivers";
import type { Db } from "@/lib/db/types";

export function useTemporaryStorage() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "netsphere-storage-test-"));
  setStorageDriver(localDriver(root));
  /** Every object key on disk, relative to the root. */
  const keys = (dir = root): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? keys(full) : [path.relative(root, full).split(path.sep).join("/")];
    });
  return {
    root,
    keys: () => keys(),
    cleanup: () => {
      setStorageDriver(null);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function insertTicket(db: Db, tenantId: string, customerId: string | null) {
  const [ticket] = await db
    .insert(tickets)
    .values({
      tenantId,
      customerId,
      number: sql`(select coalesce(max(number), 0) + 1 from tickets where tenant_id = ${tenantId})`,
      subject: "No internet since this morning",
      category: "no_internet",
    })
    .returning();
  return ticket;
}

export async function insertWorkLog(db: Db, tenantId: string, ticketId: string) {
  const [log] = await db
    .insert(workLogs)
    .values({ tenantId, ticketId, clientId: randomUUID(), recordedAt: new Date(), notes: "Replaced the ONU" })
    .returning();
  return log;
}
