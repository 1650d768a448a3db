import "server-only";
import { and, desc, eq, ilike, isNull, type SQL } from "drizzle-orm";
import { storedFiles, type CustomerDocumentKind } from "@/lib/storage/schema";
import { users } from "@/lib/auth/schema";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { fileListColumns, type FileListItem } from "@/lib/storage/service";

export const DOCUMENTS_PAGE_SIZE = 25;

const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A customer's documents for the Documents tab: newest first, searched by name and filtered by kind in SQL. */
export async function listCustomerDocuments(
  db: DbOrTx,
  { tenantId, customerId, q, kind, page = 1 }: { tenantId: string; customerId: string; q?: string; kind?: CustomerDocumentKind; page?: number },
): Promise<{ rows: FileListItem[]; hasMore: boolean }> {
  if (!isUuid(customerId)) return { rows: [], hasMore: false };
  const where: SQL[] = [
    eq(storedFiles.tenantId, tenantId),
    eq(storedFiles.customerId, customerId),
    eq(storedFiles.purpose, "customer_document"),
    isNull(storedFiles.deletedAt),
  ];
  if (q) where.push(ilike(storedFiles.filename, likeTerm(q)));
  if (kind) where.push(eq(storedFiles.documentKind, kind));
  const rows = await db
    .select(fileListColumns)
    .from(storedFiles)
    .leftJoin(users, eq(users.id, storedFiles.uploadedByUserId))
    .where(and(...where))
    .orderBy(desc(storedFiles.createdAt), desc(storedFiles.id))
    .limit(DOCUMENTS_PAGE_SIZE + 1)
    .offset((page - 1) * DOCUMENTS_PAGE_SIZE);
  return { rows: rows.slice(0, DOCUMENTS_PAGE_SIZE), hasMore: rows.length > DOCUMENTS_PAGE_SIZE };
}
