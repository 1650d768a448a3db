/*
 * The installation id: a short random id made once per database and stored in `installation`. It names
 * this NetSphere in the markers it writes on routers, so a router also reached by another installation
 * (staging, a second instance on the same machine) keeps both sets of entries apart. It is not taken from
 * configuration, which two instances could share by accident; INSTALLATION_ID overrides it only on purpose
 * (e.g. a staging copy restored from production's database must set its own).
 */
import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { installation } from "@/lib/provisioning/schema";
import { env } from "@/lib/core/env";
import type { DbOrTx } from "@/lib/db/types";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function randomInstallationId(): string {
  return Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

const cache = new WeakMap<object, string>();

/** This installation's id: INSTALLATION_ID when set, else the stored one (created on first use). */
export async function installationId(db: DbOrTx): Promise<string> {
  const override = env().INSTALLATION_ID;
  if (override) return override;
  const cached = cache.get(db);
  if (cached) return cached;
  // Read first: tenant work may only read this table (the start-up made the row on the owner's connection).
  const stored = async () => (await db.select({ id: installation.installationId }).from(installation).where(eq(installation.id, 1)))[0];
  let row = await stored();
  if (!row) {
    await db.insert(installation).values({ id: 1, installationId: randomInstallationId() }).onConflictDoNothing();
    row = await stored();
  }
  cache.set(db, row.id);
  return row.id;
}
