/*
 * Gap-free document numbers per tenant, kind and year (`INV-2026-000123`). The sequence row is created on
 * first use and bumped with UPDATE … RETURNING inside the document's own transaction: the row lock holds
 * every other transaction numbering the same kind until this one commits or rolls back, so a rolled-back
 * invoice gives its number back and none is ever skipped or used twice.
 */
import { sql } from "drizzle-orm";
import { documentSequences, type DocumentKind } from "@/lib/billing/schema";
import type { DbOrTx } from "@/lib/db/types";

export function formatDocumentNumber(prefix: string, year: number, value: number): string {
  return `${prefix}-${year}-${String(value).padStart(6, "0")}`;
}

/** Reserves `count` consecutive numbers; call inside the transaction that writes the documents. */
export async function allocateNumbers(
  tx: DbOrTx,
  { tenantId, kind, year, prefix, count = 1 }: { tenantId: string; kind: DocumentKind; year: number; prefix: string; count?: number },
): Promise<string[]> {
  if (count <= 0) return [];
  await tx.insert(documentSequences).values({ tenantId, kind, year, nextValue: 1 }).onConflictDoNothing();
  const [row] = await tx
    .update(documentSequences)
    .set({ nextValue: sql`${documentSequences.nextValue} + ${count}` })
    .where(sql`${documentSequences.tenantId} = ${tenantId} and ${documentSequences.kind} = ${kind} and ${documentSequences.year} = ${year}`)
    .returning({ nextValue: documentSequences.nextValue });
  const first = row.nextValue - count;
  return Array.from({ length: count }, (_, index) => formatDocumentNumber(prefix, year, first + index));
}
