/*
 * The built-in wording of every event: an email (subject and body) and one short text used for SMS,
 * Telegram and WhatsApp. A tenant's saved template for an event and channel replaces it.
 * A line whose {{variables}} all come out empty is left out (see render.ts).
 */
import type { NotificationChannel, NotificationEvent } from "./schema";

export type TemplateText = { subject: string; body: string };
type Defaults = { email: TemplateText; text: string };

const lines = (...parts: string[]) => parts.join("\n");
const signOff = lines("", "Questions? Contact us at {{tenantContact}}.", "", "{{tenantName}}");

const defaults: Record<NotificationEvent, Defaults> = {
  invoice_issued: {
    email: {
      subject: "Invoice {{invoiceNumber}} from {{tenantName}}",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Here is invoice {{invoiceNumber}} from {{tenantName}} for account {{accountNumber}}.",
        "",
        "{{statusNote}}",
        "Amount due: {{amountDue}}",
        "Due date: {{dueDate}}",
        "Service period: {{period}}",
        "",
        "{{howToPay}}",
        "",
        "View and pay online: {{payUrl}}",
        signOff,
      ),
    },
    text: lines("{{tenantName}}: invoice {{invoiceNumber}} for {{amountDue}} is due {{dueDate}}.", "Pay online: {{payShortUrl}}"),
  },
  payment_received: {
    email: {
      subject: "Official receipt {{receiptNumber}} from {{tenantName}}",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Thank you for your payment. Your official receipt from {{tenantName}} is {{receiptNumber}}.",
        "",
        "Amount received: {{amount}}",
        "Date: {{paidOn}}",
        "Method: {{method}}",
        "Applied to: {{appliedTo}}",
        "Credit left on your account: {{creditLeft}}",
        signOff,
      ),
    },
    text: "{{tenantName}}: we received {{amount}} on {{paidOn}}, receipt {{receiptNumber}}. Thank you!",
  },
  due_reminder: {
    email: {
      subject: "Reminder: invoice {{invoiceNumber}} is due {{dueWhen}}",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Your invoice {{invoiceNumber}} for {{amountDue}} is due {{dueWhen}}. Please pay on time to keep your internet running.",
        "",
        "View and pay online: {{payUrl}}",
        "Account number: {{accountNumber}}",
        signOff,
      ),
    },
    text: lines("{{tenantName}}: invoice {{invoiceNumber}} for {{amountDue}} is due {{dueWhen}}.", "Pay online: {{payShortUrl}}"),
  },
  overdue: {
    email: {
      subject: "Overdue: invoice {{invoiceNumber}}",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Invoice {{invoiceNumber}} from {{tenantName}} was due on {{dueDate}} and is {{daysOverdue}} overdue.",
        "Amount still owed: {{amountDue}}",
        "Account number: {{accountNumber}}",
        "",
        "{{suspensionNote}}",
        "View and pay online: {{payUrl}}",
        "",
        "If you have already paid, thank you, and please ignore this reminder.",
        signOff,
      ),
    },
    text: lines(
      "{{tenantName}}: invoice {{invoiceNumber}} ({{amountDue}}) is {{daysOverdue}} overdue. {{suspensionNote}}",
      "Pay online: {{payShortUrl}}",
    ),
  },
  suspension: {
    email: {
      subject: "Service suspended: invoice {{invoiceNumber}} is overdue",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Your internet service is suspended because invoice {{invoiceNumber}} ({{amountDue}}) is overdue since {{dueDate}}. It comes back within seconds of your payment.",
        "",
        "View and pay online: {{payUrl}}",
        signOff,
      ),
    },
    text: lines(
      "{{tenantName}}: your internet is suspended, invoice {{invoiceNumber}} ({{amountDue}}) is overdue. Service returns once paid.",
      "Pay online: {{payShortUrl}}",
    ),
  },
  reactivation: {
    email: {
      subject: "Your internet service is back on",
      body: lines("Hello {{customerName}},", "", "Your internet service with {{tenantName}} is active again. Thank you!", "", "{{reason}}", signOff),
    },
    text: "{{tenantName}}: your internet service is active again. Thank you!",
  },
  ticket_created: {
    email: {
      subject: "Ticket {{ticketNumber}}: {{subject}}",
      body: lines(
        "Hello {{customerName}},",
        "",
        "We received your request and opened ticket {{ticketNumber}}: {{subject}}.",
        "We will update you as we work on it.",
        "",
        "Follow it online: {{ticketUrl}}",
        signOff,
      ),
    },
    text: "{{tenantName}}: we opened ticket {{ticketNumber}} ({{subject}}). We will keep you updated.",
  },
  ticket_updated: {
    email: {
      subject: "Update on ticket {{ticketNumber}}: {{subject}}",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Ticket {{ticketNumber}} is {{status}}.",
        "",
        "{{message}}",
        "",
        "Reply or follow it online: {{ticketUrl}}",
        signOff,
      ),
    },
    text: "{{tenantName}}: ticket {{ticketNumber}} is {{status}}. {{message}}",
  },
  ticket_resolved: {
    email: {
      subject: "Resolved: ticket {{ticketNumber}}",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Ticket {{ticketNumber}} ({{subject}}) is resolved.",
        "",
        "{{message}}",
        "",
        "If anything is still wrong, reply online: {{ticketUrl}}",
        signOff,
      ),
    },
    text: "{{tenantName}}: ticket {{ticketNumber}} is resolved. Still a problem? Reply online or call us.",
  },
  technician_on_the_way: {
    email: {
      subject: "Our technician is on the way",
      body: lines("Hello {{customerName}},", "", "{{technicianName}} is on the way for ticket {{ticketNumber}} and should arrive {{eta}}.", signOff),
    },
    text: "{{tenantName}}: technician {{technicianName}} is on the way and should arrive {{eta}} (ticket {{ticketNumber}}).",
  },
  sla_warning: {
    email: {
      subject: "SLA at risk: ticket {{ticketNumber}}",
      body: lines(
        "Ticket {{ticketNumber}} ({{subject}}, {{priority}} priority) is close to its {{target}} target, due {{dueAt}}.",
        "Customer: {{customerName}} ({{accountNumber}})",
        "",
        "{{ticketUrl}}",
      ),
    },
    text: "SLA at risk: ticket {{ticketNumber}} {{target}} due {{dueAt}}.",
  },
  sla_breach: {
    email: {
      subject: "SLA breached: ticket {{ticketNumber}}",
      body: lines(
        "Ticket {{ticketNumber}} ({{subject}}, {{priority}} priority) missed its {{target}} target, due {{dueAt}}.",
        "Customer: {{customerName}} ({{accountNumber}})",
        "",
        "{{ticketUrl}}",
      ),
    },
    text: "SLA breached: ticket {{ticketNumber}} {{target}} was due {{dueAt}}.",
  },
  portal_password_reset: {
    email: {
      subject: "Reset your {{tenantName}} portal password",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Someone asked to reset the password of your {{tenantName}} account {{accountNumber}}. To choose a new one, open:",
        "{{resetUrl}}",
        "",
        "The link works for {{expiresIn}}. If you did not ask, ignore this message: your password stays as it is.",
      ),
    },
    text: "{{tenantName}}: reset your portal password at {{resetUrl}} (works for {{expiresIn}}). Didn't ask? Ignore this.",
  },
  portal_magic_link: {
    email: {
      subject: "Your {{tenantName}} sign-in link",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Open this link to sign in to your {{tenantName}} account {{accountNumber}}:",
        "{{signInUrl}}",
        "",
        "The link works once, for {{expiresIn}}. If you did not ask for it, ignore this message.",
      ),
    },
    text: "{{tenantName}}: sign in at {{signInUrl}} (works once, for {{expiresIn}}). Didn't ask? Ignore this.",
  },
  portal_invite: {
    email: {
      subject: "Your {{tenantName}} subscriber portal is ready",
      body: lines(
        "Hello {{customerName}},",
        "",
        "You can now see your bills, pay online, check your connection and ask {{tenantName}} for help in the subscriber portal.",
        "To choose your password for account {{accountNumber}}, open:",
        "{{setupUrl}}",
        "",
        "The link works once and for {{expiresIn}}. After that, sign in with your account number and password.",
      ),
    },
    text: "{{tenantName}}: your subscriber portal is ready. Choose your password at {{setupUrl}} (works once, for {{expiresIn}}).",
  },
  incident_opened: {
    email: {
      subject: "[{{severity}}] {{incidentNumber}}: {{incidentTitle}}",
      body: lines("{{incidentTitle}} since {{openedAt}}.", "Subscribers behind it: {{affected}}.", "", "Acknowledge it here: {{incidentUrl}}"),
    },
    text: "[{{severity}}] {{incidentNumber}}: {{incidentTitle}} since {{openedAt}}. {{affected}}. {{incidentUrl}}",
  },
  incident_resolved: {
    email: {
      subject: "Resolved: {{incidentNumber}} {{incidentTitle}}",
      body: lines("{{incidentTitle}} (since {{openedAt}}) is resolved.", "", "{{incidentUrl}}"),
    },
    text: "Resolved: {{incidentNumber}} {{incidentTitle}}. {{incidentUrl}}",
  },
  incident_escalated: {
    email: {
      subject: "Escalated: {{incidentNumber}} {{incidentTitle}} not acknowledged",
      body: lines(
        "Nobody has acknowledged {{incidentNumber}} in {{minutes}} minutes.",
        "{{incidentTitle}} since {{openedAt}}. Subscribers behind it: {{affected}}.",
        "",
        "{{incidentUrl}}",
      ),
    },
    text: "Escalated: {{incidentNumber}} {{incidentTitle}} not acknowledged in {{minutes}} min. {{incidentUrl}}",
  },
  outage_notice: {
    email: {
      subject: "Service interruption in your area",
      body: lines(
        "Hello {{customerName}},",
        "",
        "We know about a service interruption affecting {{area}} since {{startedAt}}, and our team is working on it.",
        "{{note}}",
        "You do not need to report it; we will tell you when service is back.",
        signOff,
      ),
    },
    text: "{{tenantName}}: we know about a service interruption in {{area}} since {{startedAt}} and are working on it. {{note}}",
  },
  outage_all_clear: {
    email: {
      subject: "Service is back in your area",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Service in {{area}} is back. If your connection still does not work, please restart your modem or contact us.",
        "{{note}}",
        signOff,
      ),
    },
    text: "{{tenantName}}: service in {{area}} is back. Still offline? Restart your modem or contact us. {{note}}",
  },
  quota_warning: {
    email: {
      subject: "You have used {{percent}} of your data for this cycle",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Your {{planName}} plan has used {{used}} of its {{allowance}} this cycle (until {{cycleEnd}}).",
        "{{capNote}}",
        "You can see your usage and buy more data in the portal: {{portalUrl}}",
        signOff,
      ),
    },
    text: "{{tenantName}}: you have used {{used}} of {{allowance}} ({{percent}}) this cycle. {{capNote}} More data: {{portalUrl}}",
  },
  quota_reached: {
    email: {
      subject: "You have reached your data allowance",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Your {{planName}} plan has used all {{allowance}} of this cycle's data (it renews on {{renewsOn}}).",
        "{{capNote}}",
        "You can buy more data in the portal: {{portalUrl}}",
        signOff,
      ),
    },
    text: "{{tenantName}}: you have used all {{allowance}} of this cycle's data. {{capNote}} More data: {{portalUrl}}",
  },
  webhook_endpoint_disabled: {
    email: {
      subject: "Webhook endpoint switched off: {{endpointUrl}}",
      body: lines(
        "Every delivery to your webhook endpoint {{endpointUrl}} has failed since {{failingSince}}, so NetSphere stopped sending to it.",
        "The last attempt: {{lastError}}",
        "",
        "Deliveries already waiting are kept; new events are not queued for it while it is off. Fix the receiving system, then switch the endpoint on again: the waiting deliveries go out at once.",
        "{{settingsUrl}}",
      ),
    },
    text: "Webhook endpoint {{endpointUrl}} switched off after a day of failed deliveries. {{settingsUrl}}",
  },
  portal_domain_failing: {
    email: {
      subject: "DNS record gone for your portal domain {{hostname}}",
      body: lines(
        "NetSphere looked up the verification record of your portal domain {{hostname}} and did not find it: {{reason}}",
        "",
        "The domain still serves your portal for now. If the record is still missing on {{lapsesAt}}, the domain stops serving your portal until you verify it again. Put the TXT record back as shown in Settings → Portal (if you moved the domain on purpose, remove it there instead).",
        "{{settingsUrl}}",
      ),
    },
    text: "Portal domain {{hostname}}: its DNS verification record is gone. Restore it before {{lapsesAt}} or the domain stops serving your portal. {{settingsUrl}}",
  },
  portal_domain_lapsed: {
    email: {
      subject: "Portal domain {{hostname}} no longer serves your portal",
      body: lines(
        "The verification record of your portal domain {{hostname}} has been missing since {{failingSince}}: {{reason}}",
        "",
        "So the domain no longer serves your subscriber portal (your portal's NetSphere address still works). Put the TXT record back and press Verify in Settings → Portal to attach it again.",
        "{{settingsUrl}}",
      ),
    },
    text: "Portal domain {{hostname}} no longer serves your portal: its DNS verification record was gone for three days. Verify it again in {{settingsUrl}}",
  },
  retention_outreach: {
    email: {
      subject: "How is your internet service, {{customerName}}?",
      body: lines(
        "Hello {{customerName}},",
        "",
        "We are checking in on your service with {{tenantName}} (account {{accountNumber}}). If something has not been working for you (speed, dropped connections, your bill or your plan), we would like to hear it and put it right.",
        "{{note}}",
        "Reply to this message or contact us, and you can see your account in the portal: {{portalUrl}}",
        signOff,
      ),
    },
    text: "{{tenantName}}: we are checking in on your service. Anything not working for you? Reply or call us: {{tenantContact}}. {{note}}",
  },
  capacity_report: {
    email: {
      subject: "Capacity report for {{month}}",
      body: lines("{{summary}}", "", "{{lines}}", "", "The forecast against history, per link, router and pool: {{capacityUrl}}"),
    },
    text: "Capacity report {{month}}: {{summary}} {{capacityUrl}}",
  },
  report_delivery: {
    email: {
      subject: "{{reportName}} ({{period}})",
      body: lines("Your scheduled report {{reportName}} for {{period}} is attached: {{rowCount}} rows.", "{{note}}", "", "Open it in NetSphere: {{reportUrl}}"),
    },
    text: "{{tenantName}}: report {{reportName}} ({{period}}) was emailed to you. {{reportUrl}}",
  },
};

/** The built-in template of an event on a channel; text channels have no subject. */
export function defaultTemplate(event: NotificationEvent, channel: NotificationChannel): TemplateText {
  const d = defaults[event];
  return channel === "email" ? d.email : { subject: "", body: d.text };
}
