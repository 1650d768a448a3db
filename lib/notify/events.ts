/*
 * What each notification event is about and the {{variables}} its templates may use, with sample values for
 * the preview. Shared by the browser (template editor) and the server (rendering, validation).
 */
import { notificationChannels, notificationEvents, type NotificationChannel, type NotificationEvent } from "./values";

export type VariableSpec = { name: string; description: string; sample: string };

/** Filled in for every message from the tenant and the customer; callers need not pass them. */
export const commonVariables: VariableSpec[] = [
  { name: "tenantName", description: "Your business name", sample: "Batangas Fiber Net" },
  { name: "tenantContact", description: "Your phone and email from Settings", sample: "0917 123 4567 or billing@batangasfiber.ph" },
  { name: "customerName", description: "The subscriber's name", sample: "Juan Dela Cruz" },
  { name: "accountNumber", description: "The subscriber's account number", sample: "ACC-000123" },
  { name: "portalUrl", description: "The subscriber portal's address", sample: "https://isp.example.ph/portal" },
];

const v = (name: string, description: string, sample: string): VariableSpec => ({ name, description, sample });
const invoiceNumber = v("invoiceNumber", "Invoice number", "INV-2026-000123");
const amountDue = v("amountDue", "Amount still owed", "₱1,499.00");
const dueDate = v("dueDate", "Due date", "Nov 8, 2026");
const payUrl = v("payUrl", "Link to view and pay the invoice online", "https://isp.example.ph/pay/Ab3…");
const payShortUrl = v("payShortUrl", "Short pay link (for SMS)", "https://isp.example.ph/p/Xy7…");
const ticketNumber = v("ticketNumber", "Ticket number", "1042");
const ticketSubject = v("subject", "Ticket subject", "No internet since this morning");
const ticketUrl = v("ticketUrl", "Link to the ticket", "https://isp.example.ph/portal/tickets/1042");
const expiresIn = v("expiresIn", "How long the link works", "1 hour");
const slaVariables = [
  ticketNumber,
  ticketSubject,
  v("priority", "Ticket priority", "high"),
  v("target", "Which target: first response or resolution", "first response"),
  v("dueAt", "When the target is due", "Nov 8, 2026, 2:30 PM"),
  v("ticketUrl", "Link to the ticket for staff", "https://isp.example.ph/tickets/1042"),
];

export type EventSpec = { label: string; description: string; audience: "customer" | "staff"; variables: VariableSpec[] };

const incidentVariables = [
  v("incidentNumber", "Incident number", "INC-42"),
  v("incidentTitle", "What happened", "Router Tower-2 unreachable"),
  v("severity", "Severity", "critical"),
  v("openedAt", "When it started", "Nov 8, 2026, 2:30 PM"),
  v("affected", "Subscribers behind it (online before / total)", "312 online of 340"),
  v("incidentUrl", "Link to the incident for staff", "https://isp.example.ph/network/incidents/…"),
];
const outageVariables = [
  v("area", "The area or site affected", "Barangay San Jose"),
  v("startedAt", "When the outage started", "2:30 PM"),
  v("note", "Your words about the cause and the expected fix", "A fibre cable was cut; our team expects to restore service by 6 PM."),
];

const domainVariables = [
  v("hostname", "The portal domain", "portal.bayanfiber.ph"),
  v("reason", "What the DNS lookup found", "No TXT record _netsphere.portal.bayanfiber.ph was found yet."),
  v("failingSince", "When the record was first found gone", "Nov 8, 2026, 2:30 PM"),
  v("lapsesAt", "When the domain stops serving the portal if the record is still gone", "Nov 11, 2026, 2:30 PM"),
  v("settingsUrl", "Link to Settings → Portal", "https://isp.example.ph/settings/portal"),
];

const quotaVariables = [
  v("planName", "The plan's name", "Fiber 50"),
  v("used", "Data used this cycle", "80 GB"),
  v("allowance", "This cycle's allowance, top-ups included", "100 GB"),
  v("percent", "Share of the allowance used", "80 %"),
  v("cycleEnd", "The cycle's last day", "Dec 31, 2026"),
  v("renewsOn", "When the allowance starts again", "Jan 1, 2027"),
  v("capNote", "What happens at the cap", "At the cap your speed becomes 2 Mbps until the cycle renews."),
];

export const eventCatalog: Record<NotificationEvent, EventSpec> = {
  invoice_issued: {
    label: "Invoice issued",
    description: "A new invoice, from the billing run or emailed from the invoice page (with its PDF).",
    audience: "customer",
    variables: [
      invoiceNumber,
      amountDue,
      dueDate,
      v("period", "Service period, when the invoice has one", "Nov 1 – Nov 30, 2026"),
      v("howToPay", "“How to pay” with your instructions; empty once paid", "How to pay:\nPay at our office or by GCash with your account number."),
      v("statusNote", "Says the invoice is paid or void; usually empty", ""),
      payUrl,
      payShortUrl,
    ],
  },
  payment_received: {
    label: "Payment received",
    description: "A payment was recorded (counter, GCash, card…), with its official receipt.",
    audience: "customer",
    variables: [
      v("receiptNumber", "Official receipt number", "OR-2026-000045"),
      v("amount", "Amount received", "₱1,499.00"),
      v("paidOn", "Date received", "Nov 5, 2026"),
      v("method", "How it was paid", "GCash (ref 1234 5678)"),
      v("appliedTo", "Invoices it paid", "INV-2026-000123 (₱1,499.00)"),
      v("creditLeft", "Credit left on the account; empty when none", ""),
    ],
  },
  due_reminder: {
    label: "Due reminder",
    description: "Before and on the due date of an unpaid invoice (Billing settings say how many days before).",
    audience: "customer",
    variables: [invoiceNumber, amountDue, dueDate, v("dueWhen", "“today” or “on <date>”", "on Nov 8, 2026"), payUrl, payShortUrl],
  },
  overdue: {
    label: "Overdue",
    description: "An invoice is past its due date (automatically, or sent from the overdue list).",
    audience: "customer",
    variables: [
      invoiceNumber,
      amountDue,
      dueDate,
      v("daysOverdue", "How long it is overdue", "12 days"),
      v("suspensionNote", "When service will be suspended; empty when not known", "Service is suspended 5 days after the due date."),
      payUrl,
      payShortUrl,
    ],
  },
  suspension: {
    label: "Suspension",
    description: "Service suspended for non-payment. Sent even to subscribers who opted out.",
    audience: "customer",
    variables: [invoiceNumber, amountDue, dueDate, payUrl, payShortUrl],
  },
  reactivation: {
    label: "Reactivation",
    description: "Service is back after the overdue balance was paid.",
    audience: "customer",
    variables: [v("reason", "Why service is back", "Paid: official receipt OR-2026-000045")],
  },
  ticket_created: {
    label: "Ticket created",
    description: "A support ticket was opened for the subscriber.",
    audience: "customer",
    variables: [ticketNumber, ticketSubject, ticketUrl],
  },
  ticket_updated: {
    label: "Ticket updated",
    description: "A public reply or a status change on the subscriber's ticket.",
    audience: "customer",
    variables: [
      ticketNumber,
      ticketSubject,
      v("status", "The ticket's status", "in progress"),
      v("message", "The reply", "A technician visits today."),
      ticketUrl,
    ],
  },
  ticket_resolved: {
    label: "Ticket resolved",
    description: "The subscriber's ticket was resolved.",
    audience: "customer",
    variables: [ticketNumber, ticketSubject, v("message", "The resolution note", "The fiber drop was replaced."), ticketUrl],
  },
  technician_on_the_way: {
    label: "Technician on the way",
    description: "A technician is heading to the subscriber.",
    audience: "customer",
    variables: [ticketNumber, v("technicianName", "The technician's name", "Pedro Reyes"), v("eta", "Expected arrival", "around 2:30 PM")],
  },
  sla_warning: {
    label: "SLA warning (staff)",
    description: "A ticket's SLA target is close; sent to the assigned staff member.",
    audience: "staff",
    variables: slaVariables,
  },
  sla_breach: {
    label: "SLA breached (staff)",
    description: "A ticket missed its SLA target; sent to the assigned staff member.",
    audience: "staff",
    variables: slaVariables,
  },
  portal_password_reset: {
    label: "Portal password reset",
    description: "The subscriber asked to reset their portal password. Sent even to subscribers who opted out.",
    audience: "customer",
    variables: [v("resetUrl", "The reset link", "https://isp.example.ph/portal/reset/…"), expiresIn],
  },
  portal_magic_link: {
    label: "Portal sign-in link",
    description: "The subscriber asked for a sign-in link. Sent even to subscribers who opted out.",
    audience: "customer",
    variables: [v("signInUrl", "The sign-in link", "https://isp.example.ph/portal/magic/…"), expiresIn],
  },
  portal_invite: {
    label: "Portal invitation",
    description: "Staff invited the subscriber to the portal: a link to choose their password. Sent even to subscribers who opted out.",
    audience: "customer",
    variables: [v("setupUrl", "The link to choose a password", "https://isp.example.ph/portal/set-password?token=…"), expiresIn],
  },
  incident_opened: {
    label: "Network incident (staff)",
    description: "An alert rule fired: sent to who is on call for it.",
    audience: "staff",
    variables: incidentVariables,
  },
  incident_resolved: {
    label: "Network incident resolved (staff)",
    description: "The object recovered or someone resolved the incident: sent to who was told it opened.",
    audience: "staff",
    variables: incidentVariables,
  },
  incident_escalated: {
    label: "Network incident escalated (staff)",
    description: "Nobody acknowledged the incident in time: sent to the escalation contacts.",
    audience: "staff",
    variables: [...incidentVariables, v("minutes", "Minutes without acknowledgement", "15")],
  },
  outage_notice: {
    label: "Outage notice",
    description: "Staff tell the subscribers behind an incident that their service is affected.",
    audience: "customer",
    variables: outageVariables,
  },
  outage_all_clear: {
    label: "Outage resolved (all-clear)",
    description: "Staff tell the affected subscribers that service is back.",
    audience: "customer",
    variables: outageVariables,
  },
  quota_warning: {
    label: "Data cap: 80 % used",
    description: "A subscriber on a plan with a data quota has used 80 % of this cycle's allowance.",
    audience: "customer",
    variables: quotaVariables,
  },
  quota_reached: {
    label: "Data cap reached",
    description: "A subscriber has used all of this cycle's data allowance; says what happens now (slower speed, blocked, or nothing).",
    audience: "customer",
    variables: quotaVariables,
  },
  webhook_endpoint_disabled: {
    label: "Webhook endpoint switched off (staff)",
    description: "Every delivery to one of your webhook endpoints failed for a day, so NetSphere stopped sending to it: sent to owners and admins.",
    audience: "staff",
    variables: [
      v("endpointUrl", "The endpoint's address", "https://books.example.ph/netsphere/webhooks"),
      v("failingSince", "When its deliveries began to fail", "Nov 8, 2026, 2:30 PM"),
      v("lastError", "What the last attempt got", "The endpoint answered 503 Service Unavailable."),
      v("settingsUrl", "Link to the endpoint in Settings → Webhooks", "https://isp.example.ph/settings/webhooks/…"),
    ],
  },
  portal_domain_failing: {
    label: "Portal domain's DNS record gone (staff)",
    description: "A re-check found the TXT record of one of your verified portal domains gone or changed: sent to owners and admins, once.",
    audience: "staff",
    variables: domainVariables,
  },
  portal_domain_lapsed: {
    label: "Portal domain no longer verified (staff)",
    description: "A portal domain's TXT record stayed gone for three days, so it no longer serves your portal: sent to owners and admins.",
    audience: "staff",
    variables: domainVariables,
  },
  retention_outreach: {
    label: "Checking in (retention)",
    description: "Billing or support reach out to a subscriber the churn-risk list shows at risk: a friendly check-in with a way to reply.",
    audience: "customer",
    variables: [v("note", "A line from staff (may be empty)", "We noticed a few dropped connections this month and would like to fix that.")],
  },
  capacity_report: {
    label: "Monthly capacity report (staff)",
    description: "Once a month to owners and admins: the links, routers and IP pools forecast to saturate within twelve months.",
    audience: "staff",
    variables: [
      v("month", "The month of the report", "December 2026"),
      v("summary", "How many objects saturate and how soon", "3 of 42 saturate within 12 months; the first in 5 weeks."),
      v("lines", "One line per object, soonest first", "uplink-1 on core-1: 80 % around Jan 14, 2027 (Jan 2 – Feb 3)"),
      v("capacityUrl", "Link to the capacity page", "https://isp.example.ph/network/analytics/capacity"),
    ],
  },
  report_delivery: {
    label: "Scheduled report (staff and typed addresses)",
    description: "A saved report sent daily, weekly or monthly to the people its schedule names, with the file attached.",
    audience: "staff",
    variables: [
      v("reportName", "The saved report's name", "Open invoices by barangay"),
      v("period", "The day, week or month it covers", "December 2026"),
      v("rowCount", "How many rows the file holds", "1,204"),
      v("note", "A line when the file was cut short (may be empty)", ""),
      v("reportUrl", "Link to the report in NetSphere", "https://isp.example.ph/reports/builder?report=…"),
    ],
  },
};

/** Events an opted-out subscriber still receives: legally required notices and what they asked for themselves. */
export const essentialEvents: ReadonlySet<NotificationEvent> = new Set(["suspension", "portal_password_reset", "portal_magic_link", "portal_invite"]);

export const channelLabels: Record<NotificationChannel, string> = { email: "Email", sms: "SMS", telegram: "Telegram", whatsapp: "WhatsApp" };

export const isNotificationEvent = (value: string): value is NotificationEvent => (notificationEvents as readonly string[]).includes(value);
export const isNotificationChannel = (value: string): value is NotificationChannel => (notificationChannels as readonly string[]).includes(value);

/** Every variable a template of `event` may use. */
export function variablesOf(event: NotificationEvent): VariableSpec[] {
  return [...commonVariables, ...eventCatalog[event].variables];
}

/** Sample data for the preview; `tenantName` comes from the tenant when given. */
export function sampleData(event: NotificationEvent, tenantName?: string): Record<string, string> {
  const data = Object.fromEntries(variablesOf(event).map((variable) => [variable.name, variable.sample]));
  return tenantName ? { ...data, tenantName } : data;
}
