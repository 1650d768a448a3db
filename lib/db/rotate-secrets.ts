/*
 * Rotating ENCRYPTION_SECRET: every secret we keep encrypted (router and service passwords, payment gateway keys,
 * notification channel keys, webhook and tunnel keys, and the RADIUS tables' passwords and NAS secrets) is decrypted with the old secret and encrypted again with the new one, in ONE
 * transaction — either every envelope moves to the new secret or none does. A value that already opens with the
 * new secret is left as it is, so a rotation that was interrupted (or run twice) can simply be run again; a value
 * that opens with neither stops the rotation and changes nothing.
 */
import { sql } from "drizzle-orm";
import { decryptSecret, encryptSecret, SecretKeyMismatchError } from "@/lib/core/crypto";
import type { Db } from "@/lib/db/types";
import { arrayLiteral, rowsOf } from "@/lib/db/bulk";
import { radiusPasswordSubscriptions, RadiusRotationError, rotateRadiusSecrets } from "@/lib/radius/rotate";

type KeyColumn = { name: string; type: "uuid" | "text" };

/** Every encrypted column, by table (lib/db/rotate-secrets.db.test.ts fails when a schema gains one not listed). */
export const encryptedColumns: { table: string; key: KeyColumn[]; columns: string[] }[] = [
  { table: "routers", key: [{ name: "id", type: "uuid" }], columns: ["password_encrypted"] },
  { table: "subscriptions", key: [{ name: "id", type: "uuid" }], columns: ["password_encrypted"] },
  { table: "payment_gateways", key: [{ name: "id", type: "uuid" }], columns: ["secret_encrypted", "webhook_secret_encrypted"] },
  { table: "webhook_endpoints", key: [{ name: "id", type: "uuid" }], columns: ["secret_encrypted", "previous_secret_encrypted"] },
  {
    table: "notification_channel_settings",
    key: [
      { name: "tenant_id", type: "uuid" },
      { name: "channel", type: "text" },
    ],
    columns: ["secret_encrypted"],
  },
  { table: "tunnel_hubs", key: [{ name: "id", type: "uuid" }], columns: ["private_key_encrypted"] },
  { table: "tunnel_peers", key: [{ name: "id", type: "uuid" }], columns: ["private_key_encrypted"] },
];

export type RotationSummary = { rewritten: number; alreadyNew: number; byTable: Record<string, number> };

export class RotationRefusedError extends Error {}

const BATCH = 1000;
const ident = (name: string) => sql.identifier(name);

/** Re-encrypts one envelope: null when it already opens with the new secret. */
function rewrap(envelope: string, from: string, to: string): string | null {
  try {
    return encryptSecret(decryptSecret(envelope, from), to);
  } catch (error) {
    if (!(error instanceof SecretKeyMismatchError)) throw error;
  }
  try {
    decryptSecret(envelope, to);
    return null;
  } catch {
    throw new RotationRefusedError("opens with neither the old nor the new ENCRYPTION_SECRET");
  }
}

export async function rotateEncryptionSecret(db: Db, { from, to }: { from: string; to: string }): Promise<RotationSummary> {
  if (from === to) throw new RotationRefusedError("The old and the new ENCRYPTION_SECRET are the same.");
  const summary: RotationSummary = { rewritten: 0, alreadyNew: 0, byTable: {} };
  await db.transaction(async (tx) => {
    for (const { table, key, columns } of encryptedColumns) {
      const result = await tx.execute(
        sql`select ${sql.join(
          [...key, ...columns.map((name) => ({ name }))].map((c) => ident(c.name)),
          sql`, `,
        )} from ${ident(table)} for update`,
      );
      const rows = rowsOf<Record<string, string | null>>(result);
      const changed: Record<string, string | null>[] = [];
      for (const row of rows) {
        const next: Record<string, string | null> = {};
        let touched = false;
        for (const column of columns) {
          const envelope = row[column];
          next[column] = envelope;
          if (!envelope) continue;
          let wrapped: string | null;
          try {
            wrapped = rewrap(envelope, from, to);
          } catch (error) {
            if (error instanceof RotationRefusedError) {
              const id = key.map((k) => row[k.name]).join("/");
              throw new RotationRefusedError(`${table}.${column} of ${id} ${error.message}; nothing was changed.`);
            }
            throw error;
          }
          if (wrapped === null) summary.alreadyNew += 1;
          else {
            next[column] = wrapped;
            touched = true;
            summary.rewritten += 1;
          }
        }
        if (touched) changed.push({ ...Object.fromEntries(key.map((k) => [k.name, row[k.name]])), ...next });
      }
      summary.byTable[table] = changed.length;
      for (let i = 0; i < changed.length; i += BATCH) {
        const recordType = sql.join(
          [...key.map((k) => sql`${ident(k.name)} ${sql.raw(k.type)}`), ...columns.map((c) => sql`${ident(c)} text`)],
          sql`, `,
        );
        await tx.execute(sql`
          update ${ident(table)} as t set ${sql.join(
            columns.map((c) => sql`${ident(c)} = v.${ident(c)}`),
            sql`, `,
          )}
          from jsonb_to_recordset(${JSON.stringify(changed.slice(i, i + BATCH))}::jsonb) as v(${recordType})
          where ${sql.join(
            key.map((k) => sql`t.${ident(k.name)} = v.${ident(k.name)}`),
            sql` and `,
          )}`);
      }
    }
    // The RADIUS tables' secrets are under the RADIUS key (a key derived from ENCRYPTION_SECRET): lib/radius rotates
    // them, subscribers' passwords written again from their subscriptions' (already rotated above).
    const ids = await radiusPasswordSubscriptions(tx);
    const passwords = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 10_000) {
      const result = await tx.execute(
        sql`select id::text as id, password_encrypted from subscriptions where id = any(${arrayLiteral(ids.slice(i, i + 10_000))}::text::uuid[])`,
      );
      for (const row of rowsOf<{ id: string; password_encrypted: string }>(result)) passwords.set(row.id, row.password_encrypted);
    }
    try {
      const radius = await rotateRadiusSecrets(tx, { from, to, subscriptionPasswords: passwords });
      summary.rewritten += radius.rewritten;
      summary.alreadyNew += radius.alreadyNew;
      Object.assign(summary.byTable, radius.byTable);
    } catch (error) {
      if (error instanceof RadiusRotationError) throw new RotationRefusedError(`${error.message}; nothing was changed.`);
      throw error;
    }
  });
  return summary;
}
