/*
 * One record of every kind an action can be handed the id of, for one tenant: the other ISP of the
 * tenant-boundary tests. Inserted directly (test code owns no domain); the router points at a closed port.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { invitations, sessions } from "@/lib/auth/schema";
import { invoiceLines, promoCodes, taxClasses } from "@/lib/billing/schema";
import { leads } from "@/lib/customers/schema";
import { voucherBatches } from "@/lib/hotspot/schema";
import { importJobs } from "@/lib/imports/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { queueTreeNodes } from "@/lib/queues/schema";
import { sites } from "@/lib/routers/schema";
import { storedFiles } from "@/lib/storage/schema";
import { holidays } from "@/lib/tickets/schema";
import { networkLinks } from "@/lib/topology/schema";
import { alertRules, incidents, maintenanceWindows } from "@/lib/alerts/schema";
import { ipPools, ipPrefixes } from "@/lib/ipam/schema";
import { quotaTopUpPacks } from "@/lib/quotas/schema";
import { tenantDomains } from "@/lib/tenants/schema";
import { apiKeys } from "@/lib/api/schema";
import { webhookDeliveries, webhookEndpoints } from "@/lib/webhooks/schema";
import { savedReports } from "@/lib/reports/schema";
import { analyticsAnomalies } from "@/lib/analytics/schema";
import type { Db } from "@/lib/db/types";
import type { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { insertTicket } from "@/tests/support/storage";

export const recordKinds = [
  "plan",
  "router",
  "site",
  "customer",
  "subscription",
  "invoice",
  "invoiceLine",
  "payment",
  "taxClass",
  "promo",
  "lead",
  "ticket",
  "holiday",
  "voucherBatch",
  "queueNode",
  "outboxMessage",
  "storedFile",
  "invitation",
  "staff",
  "session",
  "importJob",
  "incident",
  "alertRule",
  "maintenanceWindow",
  "networkLink",
  /** The far end of the network link. */
  "linkedRouter",
  "ipPrefix",
  "ipPool",
  "topUpPack",
  "portalDomain",
  "apiKey",
  "webhookEndpoint",
  "webhookDelivery",
  "savedReport",
  "anomaly",
] as const;
export type RecordKind = (typeof recordKinds)[number];

export async function createOneOfEverything(db: Db, fixture: Awaited<ReturnType<typeof createTenantFixture>>): Promise<Record<RecordKind, string>> {
  const tenantId = fixture.tenant.id;
  const plan = await insertPlan(db, tenantId);
  const hotspotPlan = await insertPlan(db, tenantId, { type: "hotspot" });
  const router = await insertRouter(db, tenantId, { port: 1, password: "secret" });
  const [site] = await db.insert(sites).values({ tenantId, name: `POP ${randomUUID().slice(0, 4)}` }).returning();
  const { customer, subscription } = await insertSubscriber(db, tenantId, { planId: plan.id, routerId: router.id, username: `u-${randomUUID().slice(0, 6)}` });
  const invoice = await insertInvoice(db, { tenantId, customerId: customer.id, lines: [{ amount: 149_900, subscriptionId: subscription.id, planId: plan.id }, { amount: 5_000, kind: "late_fee", description: "Late fee" }] });
  const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id));
  const payment = await insertPayment(db, { tenantId, customerId: customer.id, amount: 50_000, allocateTo: [{ invoiceId: invoice.id, amount: 50_000 }] });
  const [taxClass] = await db.insert(taxClasses).values({ tenantId, name: `Zero-rated ${randomUUID().slice(0, 4)}`, rateBps: 0 }).returning();
  const [promo] = await db.insert(promoCodes).values({ tenantId, code: `P${randomUUID().slice(0, 6).toUpperCase()}`, kind: "percent", percentBps: 1000 }).returning();
  const [lead] = await db.insert(leads).values({ tenantId, name: "Lead" }).returning();
  const ticket = await insertTicket(db, tenantId, customer.id);
  const [holiday] = await db.insert(holidays).values({ tenantId, date: "2026-12-25", name: "Christmas Day" }).returning();
  const [batch] = await db
    .insert(voucherBatches)
    .values({ tenantId, routerId: router.id, planId: hotspotPlan.id, name: "Batch", count: 1, priceCentavos: 2000, validitySeconds: 3600 })
    .returning();
  const [node] = await db.insert(queueTreeNodes).values({ tenantId, routerId: router.id, name: `q-${randomUUID().slice(0, 6)}` }).returning();
  const [outbox] = await db
    .insert(notificationOutbox)
    .values({ tenantId, event: "invoice_issued", channel: "email", recipient: "juan@example.com", body: "Your invoice", status: "failed" })
    .returning();
  const [file] = await db
    .insert(storedFiles)
    .values({
      tenantId,
      purpose: "customer_document",
      customerId: customer.id,
      documentKind: "contract",
      storageKey: `${tenantId}/customer_document/${randomUUID()}`,
      filename: "contract.pdf",
      contentType: "application/pdf",
      sizeBytes: 10,
      sha256: "0".repeat(64),
    })
    .returning();
  const [invitation] = await db
    .insert(invitations)
    .values({ tenantId, email: `new-${randomUUID()}@example.test`, role: "support", tokenHash: randomUUID(), expiresAt: new Date(Date.now() + 86_400_000) })
    .returning();
  const [session] = await db
    .insert(sessions)
    .values({ id: randomUUID(), token: randomUUID(), userId: fixture.ctx.support.userId, expiresAt: new Date(Date.now() + 86_400_000) })
    .returning();
  const [job] = await db.insert(importJobs).values({ tenantId, fileName: "customers.csv", status: "completed" }).returning();
  const linkedRouter = await insertRouter(db, tenantId, { port: 2, password: "secret" });
  const [link] = await db.insert(networkLinks).values({ tenantId, aRouterId: router.id, bRouterId: linkedRouter.id, source: "manual", medium: "fibre" }).returning();
  const [rule] = await db.insert(alertRules).values({ tenantId, kind: "cpu_high", name: "CPU above 90%", threshold: 90 }).returning();
  const [incident] = await db
    .insert(incidents)
    .values({
      tenantId,
      number: 1,
      title: "Router unreachable",
      severity: "critical",
      objectType: "router",
      objectKey: `router:${router.id}`,
      routerId: router.id,
      openedAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  const [maintenance] = await db
    .insert(maintenanceWindows)
    .values({ tenantId, routerId: router.id, startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000), reason: "Core switch" })
    .returning();
  const [ipPrefix] = await db.insert(ipPrefixes).values({ tenantId, prefix: "100.64.0.0/24", version: 4 }).returning();
  const [ipPool] = await db.insert(ipPools).values({ tenantId, prefixId: ipPrefix.id, name: "pppoe-pool", range: "100.64.0.2-100.64.0.9" }).returning();
  const [topUpPack] = await db.insert(quotaTopUpPacks).values({ tenantId, name: "10 GB add-on", bytes: 10_000_000_000, priceCentavos: 9_900 }).returning();
  const [apiKey] = await db
    .insert(apiKeys)
    .values({ tenantId, name: "Accounting sync", prefix: "nsk_live_abcdefgh", keyHash: randomUUID(), scopes: ["customers:read"] })
    .returning();
  const [portalDomain] = await db
    .insert(tenantDomains)
    .values({ tenantId, hostname: `portal-${randomUUID().slice(0, 8)}.example.ph`, verificationToken: randomUUID().replaceAll("-", "") })
    .returning();
  const [webhookEndpoint] = await db
    .insert(webhookEndpoints)
    .values({ tenantId, url: "https://hooks.example.com/netsphere", secretEncrypted: "v1:not:a:secret" })
    .returning();
  const [webhookDelivery] = await db
    .insert(webhookDeliveries)
    .values({ tenantId, endpointId: webhookEndpoint.id, eventType: "customer.created", payload: { type: "customer.created", data: {} }, status: "failed" })
    .returning();
  const [savedReport] = await db
    .insert(savedReports)
    .values({ tenantId, name: "Open invoices", dataset: "invoices", spec: { dataset: "invoices", columns: ["number"], filters: [], groupBy: [], aggregates: [], sort: null, chart: "none" }, ownerUserId: fixture.ctx.owner.userId })
    .returning();
  const [anomaly] = await db
    .insert(analyticsAnomalies)
    .values({
      tenantId,
      routerId: router.id,
      objectKind: "interface",
      objectId: "ether1",
      metric: "traffic",
      kind: "drop",
      direction: "below",
      startedAt: new Date(),
      endedAt: new Date(),
      severity: 9.5,
      expected: 5e8,
      actual: 1e6,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  return {
    anomaly: anomaly.id,
    savedReport: savedReport.id,
    webhookEndpoint: webhookEndpoint.id,
    webhookDelivery: webhookDelivery.id,
    portalDomain: portalDomain.id,
    apiKey: apiKey.id,
    topUpPack: topUpPack.id,
    ipPrefix: ipPrefix.id,
    ipPool: ipPool.id,
    incident: incident.id,
    alertRule: rule.id,
    maintenanceWindow: maintenance.id,
    plan: plan.id,
    router: router.id,
    site: site.id,
    customer: customer.id,
    subscription: subscription.id,
    invoice: invoice.id,
    invoiceLine: lines.find((l) => l.kind === "late_fee")!.id,
    payment: payment.id,
    taxClass: taxClass.id,
    promo: promo.id,
    lead: lead.id,
    ticket: ticket.id,
    holiday: holiday.id,
    voucherBatch: batch.id,
    queueNode: node.id,
    outboxMessage: outbox.id,
    storedFile: file.id,
    invitation: invitation.id,
    staff: fixture.ctx.support.userId,
    session: session.id,
    importJob: job.id,
    networkLink: link.id,
    linkedRouter: linkedRouter.id,
  };
}
