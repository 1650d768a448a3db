import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { sentEmails } from "@/lib/mail/schema";
import { users } from "@/lib/auth/schema";
import type { DbOrTx } from "@/lib/db/types";

export type MailboxEntry = typeof sentEmails.$inferSelect;

/**
 * The tenant's stored emails, newest first. Emails stored without a tenant (e.g. sent by Better
 * Auth for a user it could not tie to one) belong to the tenant whose user they were sent to.
 */
export async function listMailbox(db: DbOrTx, { tenantId, limit = 200 }: { tenantId: string; limit?: number }): Promise<MailboxEntry[]> {
  const tenantUserEmails = db
    .select({ email: sql`lower(${users.email})` })
    .from(users)
    .where(eq(users.tenantId, tenantId));
  return db
    .select()
    .from(sentEmails)
    .where(or(eq(sentEmails.tenantId, tenantId), and(isNull(sentEmails.tenantId), inArray(sql`lower(${sentEmails.to})`, tenantUserEmails))))
    .orderBy(desc(sentEmails.createdAt))
    .limit(limit);
}
