/*
 * The events an ISP can subscribe an endpoint to, as named in the deliveries' `type`, with their words and areas:
 * plain constants for client components (no Drizzle, no zod).
 */
export const webhookEventTypes = [
  "customer.created",
  "subscription.activated",
  "subscription.suspended",
  "subscription.reactivated",
  "subscription.terminated",
  "invoice.issued",
  "invoice.paid",
  "invoice.overdue",
  "payment.received",
  "payment.refunded",
  "ticket.created",
  "ticket.updated",
  "router.down",
  "router.up",
  "incident.opened",
  "incident.resolved",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** "Send a test event": delivered to the one endpoint asked, whatever it subscribed to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";
export type DeliveredEventType = WebhookEventType | typeof WEBHOOK_TEST_EVENT;

export const isWebhookEventType = (value: string): value is WebhookEventType => (webhookEventTypes as readonly string[]).includes(value);

export const webhookEventLabels: Record<DeliveredEventType, string> = {
  "customer.created": "A customer was added (by staff, from a lead or by CSV import)",
  "subscription.activated": "A subscription started (or a pending one went live)",
  "subscription.suspended": "A subscription was suspended (by staff or for non-payment)",
  "subscription.reactivated": "A suspended subscription is back on",
  "subscription.terminated": "A subscription ended",
  "invoice.issued": "An invoice was issued (billing run or by hand)",
  "invoice.paid": "An invoice is fully paid",
  "invoice.overdue": "An invoice went past its due date unpaid",
  "payment.received": "A payment was recorded",
  "payment.refunded": "Money was refunded from a payment",
  "ticket.created": "A support ticket was opened",
  "ticket.updated": "A ticket got a reply, a new status, assignee or priority",
  "router.down": "A router stopped answering its polls",
  "router.up": "A router that was down answers again",
  "incident.opened": "A network incident opened",
  "incident.resolved": "A network incident was resolved",
  "webhook.test": "A test event sent from Settings → Webhooks",
};

/** The catalogue in areas, for the endpoint form's checkboxes and the docs. */
export const webhookEventAreas: { area: string; events: WebhookEventType[] }[] = [
  { area: "Customers", events: ["customer.created"] },
  { area: "Subscriptions", events: ["subscription.activated", "subscription.suspended", "subscription.reactivated", "subscription.terminated"] },
  { area: "Invoices", events: ["invoice.issued", "invoice.paid", "invoice.overdue"] },
  { area: "Payments", events: ["payment.received", "payment.refunded"] },
  { area: "Tickets", events: ["ticket.created", "ticket.updated"] },
  { area: "Network", events: ["router.down", "router.up", "incident.opened", "incident.resolved"] },
];

export const deliveryStatuses = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const deliveryStatusLabels: Record<DeliveryStatus, string> = { pending: "Waiting", delivered: "Delivered", failed: "Failed" };

/** An ISP's endpoints at most: each event is written once per endpoint in the transaction that causes it. */
export const MAX_ENDPOINTS = 20;
