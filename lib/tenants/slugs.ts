/*
 * ISP slugs: the short name in portal addresses (`/portal/<slug>`). Every new ISP gets one from its name; the owner
 * may change it in Settings → Portal and brand. Old addresses are not kept: a changed slug's links stop working.
 */
import { and, eq, like, ne, or, sql } from "drizzle-orm";
import { tenants } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import type { Db, DbOrTx } from "@/lib/db/types";
import { hasSlugShape, slugCandidate, slugFromName, slugProblem } from "./portal-rules";
import { forgetPortalHosts } from "./domain-lookup";

/**
 * A free slug for a new ISP named `name`: its name's slug, or the first of `-2`, `-3`, … nobody has. Call it inside
 * the transaction that inserts the ISP, on the owner's handle (it must see every ISP's slug): the advisory lock
 * queues two sign-ups of the same name until the first one's row is committed.
 */
export async function allocateSlug(tx: DbOrTx, name: string): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('tenants:slug'))`);
  const base = slugFromName(name);
  const rows = await tx
    .select({ slug: tenants.slug })
    .from(tenants)
    .where(or(eq(tenants.slug, base), like(tenants.slug, `${base.slice(0, 30)}%`)));
  const taken = new Set(rows.map((row) => row.slug));
  for (let n = 1; ; n++) {
    const candidate = slugCandidate(base, n);
    if (!taken.has(candidate)) return candidate;
  }
}

const slugTaken = () =>
  new AppError("conflict", "Another ISP already uses this address.", { fieldErrors: { slug: ["Another ISP already uses this address"] } });

/** Changes the ISP's slug (audited). Refused when it breaks the rules or another ISP has it. */
export async function changePortalSlug(db: Db, actor: TenantActor, { slug }: { slug: string }): Promise<{ slug: string; changed: boolean }> {
  const problem = slugProblem(slug);
  if (problem) throw new AppError("validation", problem, { fieldErrors: { slug: [problem] } });
  let changed = false;
  try {
    // The new slug and its audit entry stand or fall together; another ISP's slug is caught by the unique constraint,
    // since the ISP's own handle cannot read other ISPs' rows to check first.
    await db.transaction(async (tx) => {
      const [before] = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, actor.tenantId));
      if (!before) throw notFound("ISP account");
      if (before.slug === slug) return;
      await tx
        .update(tenants)
        .set({ slug, updatedAt: clock.now() })
        .where(and(eq(tenants.id, actor.tenantId), or(ne(tenants.slug, slug), sql`${tenants.slug} is null`)));
      await recordAudit(tx, actor, {
        action: "settings.portal_slug_changed",
        entityType: "tenant",
        entityId: actor.tenantId,
        before: { slug: before.slug },
        after: { slug },
      });
      changed = true;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
  if (changed) forgetPortalHosts();
  return { slug, changed };
}

/** The ISP's slug (null for an ISP made before slugs, until it is given one). */
export async function portalSlugOf(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<string | null> {
  const [row] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
  return row?.slug ?? null;
}

/** The active ISP a slug names, or null. Use the owner's handle: the tenant is what is asked. */
export async function activeTenantOfSlug(db: DbOrTx, slug: string): Promise<string | null> {
  // A NUL byte or any other stray character in the address would reach Postgres as an invalid text value.
  if (!hasSlugShape(slug.toLowerCase())) return null;
  const [row] = await db
    .select({ id: tenants.id })
    .from(tenants)
    .where(and(eq(tenants.slug, slug.toLowerCase()), eq(tenants.status, "active")));
  return row?.id ?? null;
}
