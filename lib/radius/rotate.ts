/*
 * ENCRYPTION_SECRET rotation for the RADIUS tables (called by lib/db/rotate-secrets.ts, inside its one transaction).
 * Their secrets are under the RADIUS key (crypto.ts: AES-256-CBC without an authentication tag, because FreeRADIUS
 * decrypts them in SQL), so a wrong key does not reliably fail: each value is checked against what it must be.
 *
 * - A subscriber's password (radcheck `Cleartext-Password`, encrypted) is the subscription's own password: it is
 *   written again from the subscription's stored password (`subscriptionPasswords`, envelopes that open with the old
 *   or the new ENCRYPTION_SECRET, read by the caller), unless it already opens with the new RADIUS key to it.
 * - A NAS's shared secret exists only in radius.nas: it opens with the old or the new RADIUS key to a secret of the
 *   form we generate (`newSharedSecret`), or the rotation is refused.
 *
 * FreeRADIUS holds the RADIUS key in its configuration: after a rotation, `npm run radius:config` writes it again.
 */
import { and, eq, sql } from "drizzle-orm";
import { decryptSecret } from "@/lib/core/crypto";
import { arrayLiteral } from "@/lib/db/bulk";
import type { DbOrTx } from "@/lib/db/types";
import { decryptForRadius, encryptForRadius, radiusKey } from "./crypto";
import { SHARED_SECRET_PATTERN } from "./rules";
import { radiusCheck, radiusNas } from "./schema";

export type RadiusRotation = { rewritten: number; alreadyNew: number; byTable: Record<string, number> };

export class RadiusRotationError extends Error {}

/** The plain value, or null when the stored one does not open with this key to an acceptable value. */
function openWith(stored: string, key: Buffer, acceptable: (plain: string) => boolean): string | null {
  try {
    const plain = decryptForRadius(stored, key);
    return acceptable(plain) ? plain : null;
  } catch {
    return null;
  }
}

/** Whichever of the two ENCRYPTION_SECRETs opens a NetSphere envelope. */
function openEither(envelope: string, from: string, to: string): string {
  try {
    return decryptSecret(envelope, from);
  } catch {
    return decryptSecret(envelope, to);
  }
}

/** The subscriptions whose passwords the RADIUS tables hold (the caller reads their envelopes). */
export async function radiusPasswordSubscriptions(tx: DbOrTx): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: radiusCheck.subscriptionId })
    .from(radiusCheck)
    .where(and(eq(radiusCheck.encrypted, true), eq(radiusCheck.attribute, "Cleartext-Password")));
  return rows.map((row) => row.id);
}

export async function rotateRadiusSecrets(
  tx: DbOrTx,
  { from, to, subscriptionPasswords }: { from: string; to: string; subscriptionPasswords: ReadonlyMap<string, string> },
): Promise<RadiusRotation> {
  const oldKey = radiusKey(from);
  const newKey = radiusKey(to);
  const summary: RadiusRotation = { rewritten: 0, alreadyNew: 0, byTable: { "radius.nas": 0, "radius.radcheck": 0 } };

  for (const nas of await tx.select({ id: radiusNas.id, secret: radiusNas.secret }).from(radiusNas).for("update")) {
    const isSecret = (plain: string) => SHARED_SECRET_PATTERN.test(plain);
    if (openWith(nas.secret, newKey, isSecret) !== null) {
      summary.alreadyNew++;
      continue;
    }
    const plain = openWith(nas.secret, oldKey, isSecret);
    if (plain === null) throw new RadiusRotationError(`radius.nas.secret of NAS ${nas.id} opens with neither the old nor the new ENCRYPTION_SECRET`);
    await tx
      .update(radiusNas)
      .set({ secret: encryptForRadius(plain, newKey) })
      .where(eq(radiusNas.id, nas.id));
    summary.rewritten++;
    summary.byTable["radius.nas"]++;
  }

  const checks = await tx
    .select({ id: radiusCheck.id, value: radiusCheck.value, subscriptionId: radiusCheck.subscriptionId })
    .from(radiusCheck)
    .where(and(eq(radiusCheck.encrypted, true), eq(radiusCheck.attribute, "Cleartext-Password")))
    .for("update");
  const rewrites: { id: number; value: string }[] = [];
  for (const check of checks) {
    const envelope = subscriptionPasswords.get(check.subscriptionId);
    if (!envelope)
      throw new RadiusRotationError(`radius.radcheck ${check.id} belongs to no subscription (${check.subscriptionId}); reconcile its router first`);
    const password = openEither(envelope, from, to);
    if (openWith(check.value, newKey, (plain) => plain === password) !== null) {
      summary.alreadyNew++;
      continue;
    }
    rewrites.push({ id: check.id, value: encryptForRadius(password, newKey) });
  }
  for (let i = 0; i < rewrites.length; i += 10_000) {
    const batch = rewrites.slice(i, i + 10_000);
    await tx.execute(sql`
      update radius.radcheck as c set value = v.value
      from unnest(${arrayLiteral(batch.map((r) => r.id))}::text::int[], ${arrayLiteral(batch.map((r) => r.value))}::text::text[]) as v(id, value)
      where c.id = v.id`);
  }
  summary.rewritten += rewrites.length;
  summary.byTable["radius.radcheck"] = rewrites.length;
  return summary;
}
