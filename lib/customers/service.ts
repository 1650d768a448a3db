import { and, eq, inArray, sql } from "drizzle-orm";
import { customers, leads, type Customer, type CustomerStatus } from "@/lib/customers/schema";
import { attachAuditToCustomer, recordAudit, type AuditActor } from "@/lib/audit/record";
import { allocateAccountNumbers } from "@/lib/tenants/service";
import { assertWithinPlan } from "@/lib/tenants/limits";
import { createSubscription, usernamesOfCustomer } from "@/lib/subscriptions/service";
import { buildSearchText, type CustomerFields, type LeadFields } from "@/lib/customers/rules";
import type { SubscriptionFields } from "@/lib/subscriptions/rules";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { assertRowsOfTenant } from "@/lib/core/ownership";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { queueWebhookEvent } from "@/lib/webhooks/emit";
import { customerCreatedData } from "@/lib/customers/webhook-events";

type Actor = AuditActor & { tenantId: string };

export async function getCustomer(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }): Promise<Customer> {
  if (!isUuid(customerId)) throw notFound("Customer");
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!customer) throw notFound("Customer");
  return customer;
}

export async function refreshSearchText(tx: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }) {
  const customer = await getCustomer(tx, { tenantId, customerId });
  const usernames = await usernamesOfCustomer(tx, { tenantId, customerId });
  await tx
    .update(customers)
    .set({ searchText: buildSearchText(customer, usernames) })
    .where(eq(customers.id, customerId));
}

/** New customer (optionally with its first subscription): plan cap, account number, audit — one transaction. */
type NewCustomer = { fields: CustomerFields; subscription?: SubscriptionFields; fromLeadId?: string };

export async function createCustomer(db: Db, actor: Actor, input: NewCustomer) {
  return db.transaction((tx) => insertCustomer(tx, actor, input));
}

async function insertCustomer(tx: DbOrTx, actor: Actor, { fields, subscription, fromLeadId }: NewCustomer) {
  await assertWithinPlan(tx, { tenantId: actor.tenantId, addCustomers: 1 });
  const [accountNumber] = await allocateAccountNumbers(tx, { tenantId: actor.tenantId, n: 1 });
  const [clash] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.tenantId, actor.tenantId), eq(customers.accountNumber, accountNumber)));
  if (clash)
    throw new AppError(
      "conflict",
      `Account number ${accountNumber} is already used by an imported customer; raise the next account number in Settings.`,
    );
  const [customer] = await tx
    .insert(customers)
    .values({ ...fields, tenantId: actor.tenantId, accountNumber, searchText: buildSearchText({ ...fields, accountNumber }) })
    .returning();
  await recordAudit(tx, actor, {
    action: fromLeadId ? "customer.converted_from_lead" : "customer.created",
    entityType: "customer",
    entityId: customer.id,
    customerId: customer.id,
    after: { ...fields, accountNumber, fromLeadId },
  });
  await queueWebhookEvent(tx, {
    tenantId: actor.tenantId,
    type: "customer.created",
    data: customerCreatedData(customer, { source: fromLeadId ? "lead" : "staff", at: customer.createdAt, leadId: fromLeadId }),
  });
  if (subscription) {
    await createSubscription(tx, actor, { customerId: customer.id, accountNumber, input: subscription });
    await refreshSearchText(tx, { tenantId: actor.tenantId, customerId: customer.id });
  }
  return customer;
}

export async function updateCustomer(db: Db, actor: Actor, { customerId, fields }: { customerId: string; fields: CustomerFields }) {
  return db.transaction(async (tx) => {
    const before = await getCustomer(tx, { tenantId: actor.tenantId, customerId });
    const usernames = await usernamesOfCustomer(tx, { tenantId: actor.tenantId, customerId });
    await tx
      .update(customers)
      .set({ ...fields, searchText: buildSearchText({ ...fields, accountNumber: before.accountNumber }, usernames), updatedAt: clock.now() })
      .where(and(eq(customers.tenantId, actor.tenantId), eq(customers.id, customerId)));
    const changed = Object.keys(fields).filter(
      (k) => JSON.stringify(before[k as keyof Customer]) !== JSON.stringify(fields[k as keyof CustomerFields]),
    );
    if (changed.length === 0) return;
    await recordAudit(tx, actor, {
      action: "customer.updated",
      entityType: "customer",
      entityId: customerId,
      customerId,
      before: Object.fromEntries(changed.map((k) => [k, before[k as keyof Customer]])),
      after: Object.fromEntries(changed.map((k) => [k, fields[k as keyof CustomerFields]])),
    });
  });
}

/**
 * Saves where the customer is (the technician's phone GPS on a job), replacing what was saved; the change and the
 * phone's accuracy are on the customer's timeline.
 */
export async function setCustomerLocation(
  db: Db,
  actor: Actor,
  { customerId, latitude, longitude, accuracyMeters }: { customerId: string; latitude: number; longitude: number; accuracyMeters?: number },
) {
  return db.transaction(async (tx) => {
    const before = await getCustomer(tx, { tenantId: actor.tenantId, customerId });
    await tx
      .update(customers)
      .set({ latitude, longitude, updatedAt: clock.now() })
      .where(and(eq(customers.tenantId, actor.tenantId), eq(customers.id, customerId)));
    await recordAudit(tx, actor, {
      action: "customer.location_set",
      entityType: "customer",
      entityId: customerId,
      customerId,
      before: { latitude: before.latitude, longitude: before.longitude },
      after: { latitude, longitude, ...(accuracyMeters === undefined ? {} : { accuracyMeters: Math.round(accuracyMeters) }) },
    });
    return { latitude, longitude, replaced: before.latitude !== null && before.longitude !== null };
  });
}

export async function addSubscriptionToCustomer(db: Db, actor: Actor, { customerId, input }: { customerId: string; input: SubscriptionFields }) {
  return db.transaction(async (tx) => {
    const customer = await getCustomer(tx, { tenantId: actor.tenantId, customerId });
    const sub = await createSubscription(tx, actor, { customerId, accountNumber: customer.accountNumber, input });
    await refreshSearchText(tx, { tenantId: actor.tenantId, customerId });
    return sub;
  });
}

/** Refuses customer ids that are not all this tenant's (another ISP's customer reads as not found). */
export async function assertCustomersOfTenant(db: DbOrTx, tenantId: string, customerIds: readonly string[], field?: string) {
  await assertRowsOfTenant(db, customers, tenantId, customerIds, { one: "customer", many: "selected customers" }, field);
}

/** Bulk status change: only rows of the tenant are touched; each change is audited. */
export async function setCustomersStatus(db: Db, actor: Actor, { customerIds, status }: { customerIds: string[]; status: CustomerStatus }) {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: customers.id, status: customers.status })
      .from(customers)
      .where(and(eq(customers.tenantId, actor.tenantId), inArray(customers.id, customerIds)));
    const toChange = rows.filter((r) => r.status !== status);
    if (toChange.length === 0) return { changed: 0 };
    await tx
      .update(customers)
      .set({ status, updatedAt: clock.now() })
      .where(
        and(
          eq(customers.tenantId, actor.tenantId),
          inArray(
            customers.id,
            toChange.map((r) => r.id),
          ),
        ),
      );
    for (const row of toChange) {
      await recordAudit(tx, actor, {
        action: "customer.status_changed",
        entityType: "customer",
        entityId: row.id,
        customerId: row.id,
        before: { status: row.status },
        after: { status },
      });
    }
    return { changed: toChange.length };
  });
}

export async function addTagToCustomers(db: Db, actor: Actor, { customerIds, tag }: { customerIds: string[]; tag: string }) {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(customers)
      .set({ tags: sql`array_append(${customers.tags}, ${tag}::text)`, updatedAt: clock.now() })
      .where(and(eq(customers.tenantId, actor.tenantId), inArray(customers.id, customerIds), sql`not (${tag}::text = any(${customers.tags}))`))
      .returning({ id: customers.id });
    for (const row of updated) {
      await recordAudit(tx, actor, { action: "customer.tag_added", entityType: "customer", entityId: row.id, customerId: row.id, after: { tag } });
    }
    return { changed: updated.length };
  });
}

export async function createLead(db: Db, actor: Actor, fields: LeadFields) {
  return db.transaction(async (tx) => {
    const [lead] = await tx
      .insert(leads)
      .values({ ...fields, tenantId: actor.tenantId })
      .returning();
    await recordAudit(tx, actor, { action: "lead.created", entityType: "lead", entityId: lead.id, after: fields });
    return lead;
  });
}

export async function getLead(db: DbOrTx, { tenantId, leadId }: { tenantId: string; leadId: string }) {
  if (!isUuid(leadId)) throw notFound("Lead");
  const [lead] = await db
    .select()
    .from(leads)
    .where(and(eq(leads.tenantId, tenantId), eq(leads.id, leadId)));
  if (!lead) throw notFound("Lead");
  return lead;
}

export async function setLeadStage(
  db: Db,
  actor: Actor,
  { leadId, stage, lostReason }: { leadId: string; stage: "new" | "contacted" | "site_survey" | "lost"; lostReason?: string },
) {
  return db.transaction(async (tx) => {
    const lead = await getLead(tx, { tenantId: actor.tenantId, leadId });
    if (lead.customerId) throw new AppError("conflict", "This lead is already a customer.");
    await tx
      .update(leads)
      .set({ stage, lostReason: stage === "lost" ? (lostReason ?? "") : null, updatedAt: clock.now() })
      .where(eq(leads.id, leadId));
    await recordAudit(tx, actor, {
      action: "lead.stage_changed",
      entityType: "lead",
      entityId: leadId,
      before: { stage: lead.stage },
      after: { stage, lostReason },
    });
  });
}

/**
 * Lead → customer: the lead's history (its audit entries) is re-pointed at the new customer so
 * the customer's timeline begins with the sales history.
 */
export async function convertLeadToCustomer(db: Db, actor: Actor, { leadId, subscription }: { leadId: string; subscription?: SubscriptionFields }) {
  // The customer, the won lead and the re-pointed history stand or fall together.
  return db.transaction(async (tx) => {
    const lead = await getLead(tx, { tenantId: actor.tenantId, leadId });
    if (lead.customerId) throw new AppError("conflict", "This lead has already been converted.");
    const customer = await insertCustomer(tx, actor, {
      fromLeadId: leadId,
      subscription,
      fields: {
        name: lead.name,
        phone: lead.phone,
        altPhone: "",
        email: lead.email,
        tin: "",
        serviceAddress: lead.serviceAddress,
        barangay: lead.barangay,
        city: lead.city,
        latitude: lead.latitude,
        longitude: lead.longitude,
        tags: sourceTag(lead.source),
        notes: lead.notes,
        status: "active",
      },
    });
    await tx.update(leads).set({ stage: "won", customerId: customer.id, updatedAt: clock.now() }).where(eq(leads.id, leadId));
    await attachAuditToCustomer(tx, { tenantId: actor.tenantId, entityType: "lead", entityId: leadId, customerId: customer.id });
    await recordAudit(tx, actor, {
      action: "lead.converted",
      entityType: "lead",
      entityId: leadId,
      customerId: customer.id,
      before: { stage: lead.stage },
      after: { stage: "won", customerId: customer.id },
    });
    return customer;
  });
}

/** A lead's source ("Facebook page") becomes a customer tag ("facebook page") for reporting. */
function sourceTag(source: string): string[] {
  const tag = source
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .trim()
    .slice(0, 30);
  return tag ? [tag] : [];
}
