/*
 * Every id an action receives must belong to the session's ISP. This enumerates the staff actions, finds the
 * id fields of each input schema (uuid strings, arrays of them, and fields named like ids), hands each field
 * another ISP's record of the right kind, and expects a refusal, with no row of ours pointing at theirs
 * afterwards. A new action with an id field fails here until its field has a kind (or a reason it names no
 * record of ours) and, when the generic call cannot parse, a sample input.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { executeAction, type ActionDefinition } from "@/lib/core/action";
import { executePortalAction, type PortalActionDefinition } from "@/lib/portal/action";
import type { PortalContext } from "@/lib/portal/context";
import { AppError } from "@/lib/core/errors";
import { createTestDatabase, rowsOf } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { createOneOfEverything, type RecordKind } from "@/tests/support/one-of-everything";
import type { Connection } from "@/lib/db/connect";

const root = path.resolve(__dirname, "../..");

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\/actions\/[^/]+\.ts$/.test(full) && !full.endsWith(".test.ts") ? [full] : [];
  });
}

type ZodInternals = { _zod?: { def: Record<string, unknown> & { type: string } }; format?: string };

/** Paths of id fields in a schema: `planId`, `promo.planIds[]`, `items[].planId`. */
function idPaths(schema: unknown, at = ""): string[] {
  const s = schema as ZodInternals;
  const def = s?._zod?.def;
  if (!def) return [];
  const inner = (key: string) => idPaths(def[key], at);
  switch (def.type) {
    case "string": {
      const isUuid = s.format === "uuid" || def.format === "uuid";
      const namedLikeId = /(^|\.)(\w*Id|id)$/.test(at.replace(/\[\]$/, ""));
      return isUuid || namedLikeId ? [at] : [];
    }
    case "object":
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([key, value]) => idPaths(value, at ? `${at}.${key}` : key));
    case "array":
      return idPaths(def.element, `${at}[]`);
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return inner("innerType");
    case "pipe":
      // A preprocess (blank → null) is a pipe whose schema is its `out`.
      return [...new Set([...inner("in"), ...inner("out")])];
    case "union":
      return [...new Set((def.options as unknown[]).flatMap((option) => idPaths(option, at)))];
    case "intersection":
      return [...new Set([...inner("left"), ...inner("right")])];
    default:
      return [];
  }
}

/** The kind of record a field names, by its name; `action:field` entries for fields whose name says too little. */
const kindOfField: Record<string, RecordKind> = {
  planId: "plan",
  planIds: "plan",
  routerId: "router",
  siteId: "site",
  customerId: "customer",
  customerIds: "customer",
  subscriptionId: "subscription",
  subscriptionIds: "subscription",
  invoiceId: "invoice",
  invoiceIds: "invoice",
  lineId: "invoiceLine",
  paymentId: "payment",
  taxClassId: "taxClass",
  promoId: "promo",
  leadId: "lead",
  ticketId: "ticket",
  holidayId: "holiday",
  batchId: "voucherBatch",
  nodeId: "queueNode",
  parentId: "queueNode",
  fileId: "storedFile",
  invitationId: "invitation",
  userId: "staff",
  assigneeId: "staff",
  sessionId: "session",
  jobId: "importJob",
  linkId: "networkLink",
  incidentId: "incident",
  ruleId: "alertRule",
  windowId: "maintenanceWindow",
  aRouterId: "router",
  bRouterId: "linkedRouter",
  prefixId: "ipPrefix",
  poolId: "ipPool",
  packId: "topUpPack",
  domainId: "portalDomain",
  apiKeyId: "apiKey",
  endpointId: "webhookEndpoint",
  deliveryId: "webhookDelivery",
  reportId: "savedReport",
  anomalyId: "anomaly",
  "retryOutboxMessageAction:id": "outboxMessage",
  "discardOutboxMessageAction:id": "outboxMessage",
};

/** Id fields that name no record of an ISP, each with the reason. */
const notTenantRecords: Record<string, string> = {
  "kickSessionAction:id": "a RouterOS session id, looked up on a router already checked to be ours",
  "saveChannelSettingsAction:phoneNumberId": "the ISP's WhatsApp phone number id at the provider",
  "savePreferencesAction:telegramChatId": "the subscriber's Telegram chat id",
  "savePortalPreferencesAction:telegramChatId": "the subscriber's Telegram chat id",
  "saveAlertContactsAction:alertTelegramChatId": "the staff member's own Telegram chat id",
  "saveGatewayAction:clientId": "the ISP's PayPal client id",
  "saveGatewayAction:webhookId": "the ISP's PayPal webhook id",
  "changeOwnPlan:saasPlanId": "NetSphere's own plans, the same for every ISP",
};

/** Inputs for actions whose other required fields a generic call cannot guess; `ids` are the acting ISP's records. */
type Ids = Record<RecordKind, string>;
const promo = (ids: Ids) => ({
  code: "FIBER50",
  description: "",
  kind: "percent",
  percent: "50",
  amount: "",
  periods: "1",
  validFrom: "",
  validUntil: "",
  maxRedemptions: "",
  oncePerCustomer: true,
  planIds: [ids.plan],
  active: true,
});
const plan = (ids: Ids) => ({ name: "Fiber 100", type: "pppoe", downloadMbps: "100", uploadMbps: "50", price: "1499", taxClassId: ids.taxClass });
const router = (ids: Ids) => ({ name: "Tower 2", host: "127.0.0.1", apiPort: "1", useTls: false, username: "api", password: "secret", siteId: ids.site });
const subscription = (ids: Ids) => ({ planId: ids.plan, routerId: ids.router, startDate: "2026-12-01", status: "pending", staticIp: "" });
const reason = { reason: "Asked by the customer" };
/** An alert rule naming the acting ISP's router, or its site when the site is the field under test, and a staff member to tell. */
const alertRule = (ids: Ids, field: string) => ({
  kind: "cpu_high",
  name: "CPU above 80%",
  enabled: true,
  severity: "major",
  threshold: "80",
  minCount: "",
  windowMinutes: "15",
  fireAfterSeconds: "60",
  clearAfterSeconds: "60",
  flapChanges: "0",
  routerId: field.endsWith("siteId") ? "" : ids.router,
  siteId: field.endsWith("siteId") ? ids.site : "",
  notifyRole: "",
  notifyUserIds: [ids.staff],
  notifyRecovery: true,
  escalateAfterMinutes: "",
  escalateRole: "",
  escalateUserIds: [],
});
const sampleInputs: Record<string, (ids: Ids, field: string) => Record<string, unknown>> = {
  createPrefixAction: (ids) => ({ prefix: "100.65.0.0/24", status: "active", siteId: ids.site, vlan: "", description: "" }),
  deletePrefixAction: (ids) => ({ prefixId: ids.ipPrefix }),
  updatePrefixAction: (ids) => ({ prefixId: ids.ipPrefix, status: "active", siteId: ids.site, vlan: "", description: "" }),
  deletePoolAction: (ids) => ({ poolId: ids.ipPool }),
  createPoolAction: (ids) => ({
    prefixId: ids.ipPrefix,
    name: "cgnat-pool",
    range: "100.64.0.20-100.64.0.29",
    routerId: ids.router,
    monthlyFee: "500",
    quarantineDays: "30",
    description: "",
  }),
  updatePoolAction: (ids) => ({ poolId: ids.ipPool, range: "100.64.0.2-100.64.0.9", routerId: ids.router, monthlyFee: "", quarantineDays: "30", description: "" }),
  previewRadiusSwitchAction: (ids) => ({ routerId: ids.router, to: "radius" }),
  saveRadiusModeAction: (ids) => ({ routerId: ids.router, nasAddress: "10.99.0.2", coaPort: "3799", interimSeconds: "300", requireMessageAuth: true }),
  enableRouterTunnelAction: (ids) => ({ routerId: ids.router }),
  disableRouterTunnelAction: (ids) => ({ routerId: ids.router }),
  setTunnelConnectionAction: (ids) => ({ routerId: ids.router, connectThroughTunnel: true }),
  revealTunnelScriptAction: (ids) => ({ routerId: ids.router }),
  applyTunnelOnRouterAction: (ids) => ({ routerId: ids.router }),
  setStaticIpAction: (ids) => ({ subscriptionId: ids.subscription, staticIp: "", poolId: ids.ipPool }),
  setCustomerLocationAction: (ids) => ({ customerId: ids.customer, latitude: 14.09, longitude: 121.15, accuracyMeters: 8 }),
  changeStaffRole: (ids) => ({ userId: ids.staff, role: "technician" }),
  savePromoAction: (ids) => ({ promoId: ids.promo, promo: promo(ids) }),
  // A subscription or an invoice, never both.
  redeemPromoAction: (ids, field) =>
    field === "subscriptionId" ? { code: "FIBER50", customerId: ids.customer, subscriptionId: ids.subscription } : { code: "FIBER50", customerId: ids.customer, invoiceId: ids.invoice },
  setTaxExemptionAction: (ids) => ({ customerId: ids.customer, taxExempt: true, reason: "Senior citizen" }),
  recordPaymentAction: (ids) => ({
    customerId: ids.customer,
    invoiceId: ids.invoice,
    amount: "100.00",
    method: "gcash",
    reference: "GC 1234",
    receivedAt: "",
    notes: "",
    idempotencyKey: "foreign-ids-payment",
  }),
  refundPaymentAction: (ids) => ({ paymentId: ids.payment, amount: "10.00", ...reason }),
  refundOnlineAction: (ids) => ({ paymentId: ids.payment, amount: "10.00", ...reason }),
  voidInvoiceAction: (ids) => ({ invoiceId: ids.invoice, ...reason }),
  creditNoteAction: (ids) => ({ invoiceId: ids.invoice, amount: "10.00", ...reason }),
  manualInvoiceAction: (ids) => ({ customerId: ids.customer, lines: [{ description: "Router relocation", amount: "500.00" }], dueDate: "", notes: "" }),
  waiveLateFeeAction: (ids) => ({ lineId: ids.invoiceLine, ...reason }),
  terminateSubscriptionAction: (ids) => ({ subscriptionId: ids.subscription, ...reason }),
  bulkAddCustomerTag: (ids) => ({ customerIds: [ids.customer], tag: "vip" }),
  bulkSetCustomerStatus: (ids) => ({ customerIds: [ids.customer], status: "terminated" }),
  setLeadStageAction: (ids) => ({ leadId: ids.lead, stage: "contacted" }),
  convertLeadAction: (ids) => ({ leadId: ids.lead, subscription: subscription(ids) }),
  createCustomerAction: (ids) => ({ customer: { name: "Ana Cruz" }, subscription: subscription(ids) }),
  updateCustomerAction: (ids) => ({ customerId: ids.customer, customer: { name: "Ana Cruz" } }),
  addSubscriptionAction: (ids) => ({ customerId: ids.customer, subscription: subscription(ids) }),
  createVoucherBatchAction: (ids) => ({
    routerId: ids.router,
    batch: { name: "1-day passes", planId: ids.plan, count: "1", validity: "1", validityUnit: "days", price: "20" },
  }),
  changeMacBindingAction: (ids) => ({ subscriptionId: ids.subscription, macAddress: "" }),
  kickSessionAction: (ids) => ({ routerId: ids.router, service: "ppp", name: "juan", id: "*1" }),
  savePreferencesAction: (ids) => ({ customerId: ids.customer, channels: ["email"], optOut: false, telegramChatId: "", whatsappNumber: "" }),
  addCommunicationEntryAction: (ids) => ({ customerId: ids.customer, kind: "visit", direction: "outbound", summary: "Replaced the ONU", occurredAt: "2026-11-20T14:30" }),
  createPlanAction: (ids) => plan(ids),
  updatePlanAction: (ids) => ({ planId: ids.plan, plan: plan(ids) }),
  adoptFromRouterAction: (ids) => ({ routerId: ids.router, items: [{ name: "juan", kind: "pppoe", planId: ids.plan, customerName: "Juan" }] }),
  adoptPoolsFromRouterAction: (ids) => ({ routerId: ids.router, pools: [{ name: "pppoe-pool", ranges: "100.64.10.2-100.64.10.254" }] }),
  suspendServiceAction: (ids) => ({ subscriptionIds: [ids.subscription], customerIds: [ids.customer], ...reason }),
  reactivateServiceAction: (ids) => ({ subscriptionIds: [ids.subscription], customerIds: [ids.customer], ...reason }),
  saveReportAction: (ids) => ({ reportId: ids.savedReport, name: "Open invoices", spec: { dataset: "invoices", columns: ["number"] } }),
  saveScheduleAction: (ids) => ({ reportId: ids.savedReport, frequency: "daily", timeOfDay: "07:00", recipientEmails: ["books@example.ph"] }),
  activateSubscriptionAction: (ids) => ({ subscriptionId: ids.subscription, ...reason }),
  createQueueNodeAction: (ids) => ({ routerId: ids.router, node: { name: "Tower 2 uplink", parentId: ids.queueNode, siteId: ids.site, planId: ids.plan } }),
  updateQueueNodeAction: (ids) => ({
    routerId: ids.router,
    nodeId: ids.queueNode,
    node: { name: "Tower 2 uplink", parentId: "", siteId: ids.site, planId: ids.plan },
  }),
  createRouterAction: (ids) => router(ids),
  updateRouterAction: (ids) => ({ routerId: ids.router, router: router(ids) }),
  createTicketAction: (ids) => ({
    customerId: ids.customer,
    subject: "No internet",
    description: "",
    category: "no_internet",
    priority: "normal",
    source: "phone",
    assigneeId: ids.staff,
    scheduledFor: "",
  }),
  replyToTicketAction: (ids) => ({ ticketId: ids.ticket, body: "We are on it.", internal: false }),
  replyPortalTicketAction: (ids) => ({ ticketId: ids.ticket, body: "Still no internet." }),
  changeTicketStatusAction: (ids) => ({ ticketId: ids.ticket, status: "in_progress" }),
  assignTicketAction: (ids) => ({ ticketId: ids.ticket, assigneeId: ids.staff, scheduledFor: "" }),
  changeTicketPriorityAction: (ids) => ({ ticketId: ids.ticket, priority: "high" }),
  commentOnIncidentAction: (ids) => ({ incidentId: ids.incident, body: "Crew on the way." }),
  anomalyFeedbackAction: (ids) => ({ anomalyId: ids.anomaly, feedback: "expected" }),
  sendOutageNoticeAction: (ids) => ({ incidentId: ids.incident, area: "Tower 2", note: "" }),
  sendAllClearAction: (ids) => ({ incidentId: ids.incident, area: "Tower 2", note: "" }),
  createAlertRuleAction: (ids, field) => alertRule(ids, field),
  updateAlertRuleAction: (ids, field) => ({ ruleId: ids.alertRule, rule: alertRule(ids, field) }),
  setAlertRuleEnabledAction: (ids) => ({ ruleId: ids.alertRule, enabled: false }),
  // A router or a site, never both.
  createMaintenanceWindowAction: (ids, field) => ({
    routerId: field === "routerId" ? ids.router : "",
    siteId: field === "siteId" ? ids.site : "",
    startsAt: "2030-12-10T22:00",
    endsAt: "2030-12-11T02:00",
    reason: "Core switch",
  }),
  saveLinkAction: (ids) => ({
    linkId: ids.networkLink,
    link: { aRouterId: ids.router, aInterface: "sfp1", bRouterId: ids.linkedRouter, bInterface: "", medium: "fibre", capacityMbps: "1000", label: "" },
  }),
  savePositionAction: (ids) => ({ routerId: ids.router, x: 100, y: 80 }),
  saveTopUpPackAction: (ids) => ({ packId: ids.topUpPack, name: "20 GB add-on", gigabytes: "20", price: "179.00", active: true }),
  giveTopUpAction: (ids) => ({ subscriptionId: ids.subscription, gigabytes: "5", reason: "Outage on Dec 2" }),
  saveWebhookEndpointAction: (ids) => ({ endpointId: ids.webhookEndpoint, url: "https://hooks.example.com/netsphere", description: "", allEvents: true, events: [] }),
  setWebhookEndpointEnabledAction: (ids) => ({ endpointId: ids.webhookEndpoint, enabled: false }),
};

/** Where to put another ISP's id: `a.b[]` → `{ a: { b: [id] } }`, `items[].planId` → the first item's. */
function withIdAt(input: Record<string, unknown>, fieldPath: string, id: string): Record<string, unknown> {
  const copy = structuredClone(input);
  const parts = fieldPath.split(".");
  let target: Record<string, unknown> = copy;
  for (const [i, raw] of parts.entries()) {
    const isArray = raw.endsWith("[]");
    const key = raw.replace(/\[\]$/, "");
    const last = i === parts.length - 1;
    if (last) {
      target[key] = isArray ? [id] : id;
    } else if (isArray) {
      const list = (target[key] as Record<string, unknown>[] | undefined) ?? [{}];
      target[key] = list;
      target = list[0];
    } else {
      target = (target[key] ??= {}) as Record<string, unknown>;
    }
  }
  return copy;
}

const fieldName = (fieldPath: string) => fieldPath.split(".").at(-1)!.replace(/\[\]$/, "");

type Found =
  | { name: string; portal?: false; definition: ActionDefinition<z.ZodType, unknown> }
  | { name: string; portal: true; definition: PortalActionDefinition<z.ZodType, unknown> };

/** Staff actions and subscribers' portal actions; platform actions act on any ISP by design, public ones have no ISP yet. */
async function staffActions(): Promise<Found[]> {
  const found: Found[] = [];
  for (const file of walk(path.join(root, "lib"))) {
    for (const [name, value] of Object.entries((await import(file)) as Record<string, { definition?: { permission?: string; portal?: true } }>)) {
      const definition = value?.definition;
      if (definition?.portal) found.push({ name, portal: true, definition: definition as PortalActionDefinition<z.ZodType, unknown> });
      if (!definition?.permission || definition.permission === "platform:operate") continue;
      found.push({ name, definition: definition as ActionDefinition<z.ZodType, unknown> });
    }
  }
  return found;
}

/** A subscriber of `fixture`'s ISP signed in to the portal. */
function portalContextOf(fixture: Awaited<ReturnType<typeof createTenantFixture>>, customerId: string): PortalContext {
  return {
    db: conn.db,
    tenantId: fixture.tenant.id,
    customerId,
    sessionId: "test-session",
    customer: { id: customerId, name: "Juan Dela Cruz", accountNumber: "ACC-1", email: "", phone: "", status: "active", balanceCentavos: 0 },
    tenant: { id: fixture.tenant.id, name: fixture.tenant.name, brandColor: "#0ea5e9", logoDataUrl: null, timezone: "Asia/Manila", currency: "PHP" },
    ipAddress: null,
    userAgent: "test",
  };
}

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

/** Rows of `tenantId` in any table with a tenant_id whose columns mention one of `ids`. */
async function rowsMentioning(tenantId: string, ids: string[]): Promise<string[]> {
  const columns = rowsOf(
    await conn.db.execute(sql`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.columns t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.column_name = 'tenant_id'
      where c.table_schema = 'public' and c.column_name <> 'tenant_id' and c.data_type in ('uuid', 'text', 'ARRAY', 'jsonb')`),
  ) as { table_name: string; column_name: string }[];
  const pattern = ids.join("|");
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    const [{ n }] = rowsOf(
      await conn.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(table_name)} where tenant_id = ${tenantId} and ${sql.identifier(column_name)}::text ~ ${pattern}`,
      ),
    ) as { n: number }[];
    if (n > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

describe("every action refuses ids of another ISP", () => {
  it("each id field of each staff and portal action has a kind, or a reason it names no record of ours", async () => {
    const unknown = (await staffActions()).flatMap(({ name, definition }) =>
      idPaths(definition.input)
        .map(fieldName)
        .filter((field) => !kindOfField[`${name}:${field}`] && !kindOfField[field] && !notTenantRecords[`${name}:${field}`])
        .map((field) => `${name}:${field}`),
    );
    expect(unknown).toEqual([]);
  });

  it("hands each id field another ISP's record: refused, and no row of ours points at theirs", async () => {
    const a = await createTenantFixture(conn.db, { name: "Our ISP" });
    const b = await createTenantFixture(conn.db, { name: "Their ISP" });
    const ours = await createOneOfEverything(conn.db, a);
    const theirs = await createOneOfEverything(conn.db, b);
    const accepted: string[] = [];
    const needsSample: string[] = [];
    const tried: string[] = [];
    for (const action of await staffActions()) {
      const { name, definition } = action;
      const fields = idPaths(definition.input).filter((p) => !notTenantRecords[`${name}:${fieldName(p)}`]);
      if (fields.length === 0) continue;
      const kindOf = (p: string) => kindOfField[`${name}:${fieldName(p)}`] ?? kindOfField[fieldName(p)];
      for (const p of fields) {
        let base = sampleInputs[name]?.(ours, p);
        if (!base) {
          base = {};
          for (const other of fields) base = withIdAt(base, other, ours[kindOf(other)]);
        }
        const attack = withIdAt(base, p, theirs[kindOf(p)]);
        if (!definition.input.safeParse(attack).success) {
          needsSample.push(`${name} (${p}) ${JSON.stringify(definition.input.safeParse(attack).error?.issues.map((i) => [i.path.join("."), i.message]))}`);
          continue;
        }
        tried.push(`${name} (${p})`);
        const run = action.portal
          ? executePortalAction(action.definition, portalContextOf(a, ours.customer), attack)
          : executeAction(action.definition, { ...a.ctx.owner, db: conn.db }, attack);
        const outcome = await run.then(
          () => "accepted",
          (error: unknown) => (error instanceof AppError ? error.code : `crashed: ${String(error)}`),
        );
        if (outcome !== "not_found" && outcome !== "validation") accepted.push(`${name} (${p}): ${outcome}`);
      }
    }
    expect(needsSample, "add a sample input for these").toEqual([]);
    expect(tried).toContain("savePromoAction (promo.planIds[])");
    expect(tried).toContain("replyPortalTicketAction (ticketId)");
    expect(tried.length).toBeGreaterThan(60);
    expect(accepted).toEqual([]);
    expect(await rowsMentioning(a.tenant.id, Object.values(theirs))).toEqual([]);
  }, 120_000); // every action with an id field, each called with another ISP's records: grows with the app
});
