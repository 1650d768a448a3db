/*
 * Top-ups: extra data for the current cycle. An ISP sells packs ("10 GB for ₱99"); a subscriber buys one in the
 * portal, or staff sell or give one. A sale is invoiced (billing's manual invoice): granted at once when the customer
 * owes nothing overdue, else granted when that invoice is paid (online or at the counter). Staff may also give data
 * free (goodwill after an outage). A granted top-up is judged at once, so a capped subscriber is released in seconds.
 */
import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { clock } from "@/lib/core/clock";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { todayIn } from "@/lib/core/calendar";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { createManualInvoice } from "@/lib/billing/invoices";
import { hasOverdue } from "@/lib/billing/payments";
import { formatMoney } from "@/lib/core/money";
import { invoices } from "@/lib/billing/schema";
import type { Db, DbOrTx } from "@/lib/db/types";
import { cycleOf, cycleRules, quotaSubscriptions, type QuotaSubscription } from "./cycles";
import { judge } from "./evaluate";
import { formatQuotaBytes, GB } from "./rules";
import { quotaTopUpPacks, quotaTopUps, type QuotaTopUp } from "./schema";

const invalid = (field: string, message: string) => new AppError("validation", message, { fieldErrors: { [field]: [message] } });

export type PackInput = { name: string; gigabytes: number; priceCentavos: number; active: boolean };

function checkPack(input: PackInput) {
  if (!input.name.trim()) throw invalid("name", "Give the pack a name.");
  if (!(input.gigabytes > 0 && input.gigabytes <= 100_000)) throw invalid("gigabytes", "Between 0 and 100,000 GB.");
  if (!Number.isSafeInteger(input.priceCentavos) || input.priceCentavos < 0) throw invalid("price", "Zero or more.");
}

export async function listPacks(db: DbOrTx, { tenantId, activeOnly = false }: { tenantId: string; activeOnly?: boolean }) {
  return db
    .select()
    .from(quotaTopUpPacks)
    .where(and(eq(quotaTopUpPacks.tenantId, tenantId), activeOnly ? eq(quotaTopUpPacks.active, true) : undefined))
    .orderBy(asc(quotaTopUpPacks.bytes), asc(quotaTopUpPacks.name));
}

export async function savePack(db: Db, actor: TenantActor, { packId, ...input }: PackInput & { packId?: string }) {
  checkPack(input);
  const values = { name: input.name.trim(), bytes: Math.round(input.gigabytes * GB), priceCentavos: input.priceCentavos, active: input.active };
  try {
    return await db.transaction(async (tx) => {
      if (packId) {
        if (!isUuid(packId)) throw notFound("Top-up pack");
        const [row] = await tx
          .update(quotaTopUpPacks)
          .set(values)
          .where(and(eq(quotaTopUpPacks.tenantId, actor.tenantId), eq(quotaTopUpPacks.id, packId)))
          .returning();
        if (!row) throw notFound("Top-up pack");
        await recordAudit(tx, actor, { action: "quota.pack_updated", entityType: "quota_top_up_pack", entityId: row.id, after: describePack(row) });
        return row;
      }
      const [row] = await tx
        .insert(quotaTopUpPacks)
        .values({ tenantId: actor.tenantId, ...values })
        .returning();
      await recordAudit(tx, actor, { action: "quota.pack_created", entityType: "quota_top_up_pack", entityId: row.id, after: describePack(row) });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error, "quota_top_up_packs_tenant_name_idx")) throw invalid("name", "Another pack has this name.");
    throw error;
  }
}

const describePack = (row: { name: string; bytes: number; priceCentavos: number; active: boolean }) => ({
  name: row.name,
  data: formatQuotaBytes(row.bytes),
  price: formatMoney(row.priceCentavos),
  active: row.active,
});

/** Removes a pack; top-ups already sold keep their name, size and price. */
export async function deletePack(db: Db, actor: TenantActor, { packId }: { packId: string }) {
  if (!isUuid(packId)) throw notFound("Top-up pack");
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(quotaTopUpPacks).where(and(eq(quotaTopUpPacks.tenantId, actor.tenantId), eq(quotaTopUpPacks.id, packId))).returning();
    if (!row) throw notFound("Top-up pack");
    await recordAudit(tx, actor, { action: "quota.pack_deleted", entityType: "quota_top_up_pack", entityId: row.id, before: describePack(row) });
  });
}

async function quotaSubscription(db: DbOrTx, tenantId: string, subscriptionId: string, customerId?: string): Promise<QuotaSubscription> {
  if (!isUuid(subscriptionId)) throw notFound("Subscription");
  const [sub] = await quotaSubscriptions(db, { tenantId, subscriptionIds: [subscriptionId] });
  if (!sub || (customerId && sub.customerId !== customerId)) throw new AppError("validation", "This service has no data allowance to top up.");
  return sub;
}

async function currentCycle(db: DbOrTx, tenantId: string, sub: QuotaSubscription, now: Date) {
  const rules = await cycleRules(db, tenantId);
  return { rules, cycle: cycleOf(rules, sub, todayIn(rules.timeZone, now)) };
}

export type BuyResult = { topUp: QuotaTopUp; invoiceId: string | null; granted: boolean };

/**
 * Sells a pack for the subscription's current cycle: an invoice for its price, and the data now, or once the
 * invoice is paid when the customer has something overdue (or `payFirst`, the portal's "pay online now").
 */
export async function buyTopUp(
  db: Db,
  actor: TenantActor,
  { subscriptionId, packId, customerId, source, payFirst = false, now = clock.now() }: { subscriptionId: string; packId: string; customerId?: string; source: "portal" | "staff"; payFirst?: boolean; now?: Date },
): Promise<BuyResult> {
  const sub = await quotaSubscription(db, actor.tenantId, subscriptionId, customerId);
  if (!isUuid(packId)) throw invalid("packId", "Choose a pack.");
  const [pack] = await db
    .select()
    .from(quotaTopUpPacks)
    .where(and(eq(quotaTopUpPacks.tenantId, actor.tenantId), eq(quotaTopUpPacks.id, packId), eq(quotaTopUpPacks.active, true)));
  if (!pack) throw invalid("packId", "That pack is not on sale.");
  const { rules, cycle } = await currentCycle(db, actor.tenantId, sub, now);
  const overdue = await hasOverdue(db, { tenantId: actor.tenantId, customerId: sub.customerId, today: todayIn(rules.timeZone, now) });
  const invoice =
    pack.priceCentavos > 0
      ? await createManualInvoice(db, actor, {
          customerId: sub.customerId,
          lines: [{ description: `Data top-up ${pack.name} (${formatQuotaBytes(pack.bytes)}) · ${sub.username}`, amountCentavos: pack.priceCentavos }],
        })
      : null;
  // A credit on account may have paid it already (createManualInvoice applies it).
  const paidNow = !invoice || invoice.amountPaidCentavos >= invoice.totalCentavos || (await invoicePaid(db, actor.tenantId, invoice.id));
  const grantNow = paidNow || (!overdue && !payFirst);
  const [topUp] = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(quotaTopUps)
      .values({
        tenantId: actor.tenantId,
        subscriptionId: sub.id,
        cycleStart: cycle.start,
        packId: pack.id,
        name: pack.name,
        bytes: pack.bytes,
        priceCentavos: pack.priceCentavos,
        source,
        status: grantNow ? "granted" : "pending_payment",
        invoiceId: invoice?.id ?? null,
        createdBy: actor.userName ?? null,
        createdAt: now,
        grantedAt: grantNow ? now : null,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "quota.top_up_sold",
      entityType: "subscription",
      entityId: sub.id,
      customerId: sub.customerId,
      after: { pack: pack.name, data: formatQuotaBytes(pack.bytes), price: formatMoney(pack.priceCentavos), granted: grantNow },
    });
    return rows;
  });
  // Judged at once: a subscriber held at the cap is released in seconds.
  if (grantNow) await judge(db, { tenantId: actor.tenantId, rules, subs: [sub], now });
  return { topUp: topUp!, invoiceId: invoice?.id ?? null, granted: grantNow };
}

/** Staff give extra data for this cycle at no charge, with a reason the customer's history keeps. */
export async function giveTopUp(
  db: Db,
  actor: TenantActor,
  { subscriptionId, gigabytes, reason, now = clock.now() }: { subscriptionId: string; gigabytes: number; reason: string; now?: Date },
) {
  if (!(gigabytes > 0 && gigabytes <= 100_000)) throw invalid("gigabytes", "Between 0 and 100,000 GB.");
  if (!reason.trim()) throw invalid("reason", "Say why (the customer's history keeps it).");
  const sub = await quotaSubscription(db, actor.tenantId, subscriptionId);
  const { rules, cycle } = await currentCycle(db, actor.tenantId, sub, now);
  const bytes = Math.round(gigabytes * GB);
  const [topUp] = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(quotaTopUps)
      .values({
        tenantId: actor.tenantId,
        subscriptionId: sub.id,
        cycleStart: cycle.start,
        name: reason.trim().slice(0, 200),
        bytes,
        source: "staff",
        status: "granted",
        createdBy: actor.userName ?? null,
        createdAt: now,
        grantedAt: now,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "quota.top_up_given",
      entityType: "subscription",
      entityId: sub.id,
      customerId: sub.customerId,
      after: { data: formatQuotaBytes(bytes), reason: reason.trim() },
    });
    return rows;
  });
  await judge(db, { tenantId: actor.tenantId, rules, subs: [sub], now });
  return topUp!;
}

async function invoicePaid(db: DbOrTx, tenantId: string, invoiceId: string) {
  const [row] = await db
    .select({ status: invoices.status, total: invoices.totalCentavos, paid: invoices.amountPaidCentavos })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
  return !!row && (row.status === "paid" || row.paid >= row.total);
}

/**
 * After a payment: the customer's top-ups waiting on an invoice that is now paid are granted (and judged, so a
 * capped subscriber is released at once). Returns how many were granted.
 */
export async function grantPaidTopUps(db: Db, { tenantId, customerId, now = clock.now() }: { tenantId: string; customerId: string; now?: Date }) {
  const waiting = await db
    .select({ topUp: quotaTopUps, paid: invoices.amountPaidCentavos, total: invoices.totalCentavos, status: invoices.status })
    .from(quotaTopUps)
    .innerJoin(invoices, eq(invoices.id, quotaTopUps.invoiceId))
    .where(and(eq(quotaTopUps.tenantId, tenantId), eq(quotaTopUps.status, "pending_payment"), eq(invoices.customerId, customerId)));
  const paid = waiting.filter((row) => row.status === "paid" || row.paid >= row.total).map((row) => row.topUp);
  if (paid.length === 0) return 0;
  await db
    .update(quotaTopUps)
    .set({ status: "granted", grantedAt: now })
    .where(and(eq(quotaTopUps.tenantId, tenantId), eq(quotaTopUps.status, "pending_payment"), inArray(quotaTopUps.id, paid.map((t) => t.id))));
  const subs = await quotaSubscriptions(db, { tenantId, subscriptionIds: [...new Set(paid.map((t) => t.subscriptionId))] });
  if (subs.length > 0) await judge(db, { tenantId, rules: await cycleRules(db, tenantId), subs, now });
  return paid.length;
}

/** A subscription's top-ups, newest first (the customer page and the portal list them). */
export async function topUpsOf(db: DbOrTx, { tenantId, subscriptionIds }: { tenantId: string; subscriptionIds: string[] }) {
  if (subscriptionIds.length === 0) return [];
  return db
    .select()
    .from(quotaTopUps)
    .where(and(eq(quotaTopUps.tenantId, tenantId), inArray(quotaTopUps.subscriptionId, subscriptionIds)))
    .orderBy(asc(quotaTopUps.createdAt));
}
