/** Human wording for audit actions; unknown actions fall back to their code. */
const labels: Record<string, string> = {
  "tenant.created": "ISP account created",
  "tenant.seeded": "Demo data created",
  "tenant.plan_changed": "NetSphere plan changed",
  "settings.business_updated": "Business details changed",
  "settings.tax_updated": "Currency and tax settings changed",
  "customer.created": "Customer created",
  "customer.converted_from_lead": "Customer created from a lead",
  "customer.updated": "Customer details changed",
  "customer.status_changed": "Status changed",
  "customer.tag_added": "Tag added",
  "customer.location_set": "Location saved from a technician's phone",
  "customer.imported": "Imported from CSV",
  "subscription.created": "Subscription created",
  "subscription.password_revealed": "Service password viewed",
  "subscription.password_reset": "Service password changed",
  "subscription.mac_binding_changed": "MAC binding changed",
  "subscription.reprovisioned": "Pushed to the router again",
  "router.session_kicked": "Live session disconnected",
  "ticket.work_logged": "Technician visit logged",
  "lead.created": "Lead created",
  "lead.stage_changed": "Lead stage changed",
  "lead.converted": "Lead converted to customer",
  "plan.created": "Plan created",
  "plan.updated": "Plan changed",
  "router.created": "Router added",
  "router.updated": "Router changed",
  "site.created": "Site added",
  "settings.import_mapping_saved": "CSV column mapping saved",
  "customers.imported": "Customers imported from CSV",
  "customers.exported": "Customers exported to CSV",
  "staff.invited": "Staff member invited",
  "staff.invite_revoked": "Invitation revoked",
  "staff.invitation_accepted": "Invitation accepted",
  "staff.role_changed": "Role changed",
  "staff.deactivated": "Staff member deactivated",
  "staff.reactivated": "Staff member reactivated",
  "staff.session_revoked": "Session revoked",
  "tenant.suspended": "ISP account suspended",
  "tenant.reactivated": "ISP account reactivated",
  "invoice.created": "Invoice issued",
  "invoice.voided": "Invoice voided",
  "invoice.emailed": "Invoice emailed",
  "invoice.reminder_sent": "Payment reminder sent",
  "payment.recorded": "Payment received",
  "payment.refunded": "Payment refunded",
  "receipt.emailed": "Official receipt emailed",
  "credit_note.issued": "Credit note issued",
  "late_fee.waived": "Late fee waived",
  "promo.created": "Promo code created",
  "promo.updated": "Promo code changed",
  "promo.redeemed": "Promo code applied",
  "billing.run": "Billing run",
  "billing.gateway_saved": "Online payment settings changed",
  "payment.checkout_created": "Online payment started",
  "reports.finance_exported": "Finance report exported",
  "settings.billing": "Billing settings changed",
  "settings.invoice_template": "Invoice template changed",
  "tax_class.created": "Tax class added",
  "tax_class.deleted": "Tax class removed",
  "customer.tax_exemption": "VAT exemption changed",
  "subscription.suspended": "Service suspended",
  "subscription.plan_changed": "Plan changed",
  "subscription.terminated": "Service ended",
  "subscription.reactivated": "Service reactivated",
  "notifications.channel_saved": "Notification channel settings changed",
  "notifications.test_sent": "Test message sent",
  "notifications.template_saved": "Message template changed",
  "notifications.template_reset": "Message template reset to the built-in wording",
  "notifications.outbox_retried": "Message queued to send again",
  "notifications.outbox_discarded": "Message discarded",
  "customer.notification_preferences": "Notification preferences changed",
  "communication.logged": "Call, visit or chat logged",
  "document.uploaded": "Document uploaded",
  "document.deleted": "Document deleted",
  "ticket.created": "Ticket opened",
  "ticket.replied": "Ticket reply",
  "ticket.note_added": "Internal note on a ticket",
  "ticket.status_changed": "Ticket status changed",
  "ticket.reopened": "Ticket reopened",
  "ticket.assigned": "Ticket assigned",
  "ticket.priority_changed": "Ticket priority changed",
  "sla.policies_updated": "SLA policies changed",
  "sla.hours_updated": "Business hours changed",
  "sla.holiday_added": "Holiday added",
  "sla.holiday_removed": "Holiday removed",
  "sla.holidays_imported": "National holidays added",
  "reports.sla_exported": "SLA report exported",
  "portal.invited": "Invited to the subscriber portal",
  "portal.password_set": "Portal password set up",
  "portal.password_reset": "Portal password reset",
  "portal.password_changed": "Portal password changed",
  "quota.top_up_sold": "Data top-up sold",
  "quota.top_up_given": "Extra data given",
  "quota.pack_created": "Top-up pack added",
  "quota.pack_updated": "Top-up pack changed",
  "quota.pack_deleted": "Top-up pack removed",
};

export const describeAuditAction = (action: string) => labels[action] ?? action;

/** What staff call the fields our records keep; a field not listed reads as its name in words ("altPhone" → "Alt phone"). */
const fieldLabels: Record<string, string> = {
  accountNumber: "Account number",
  altPhone: "Alternate phone",
  serviceAddress: "Service address",
  barangay: "Barangay",
  tin: "TIN",
  email: "Email",
  phone: "Phone",
  planId: "Plan",
  routerId: "Router",
  siteId: "Site",
  assigneeId: "Assignee",
  customerId: "Customer",
  subscriptionId: "Subscription",
  macAddress: "MAC address",
  staticIp: "Static IP",
  billingDay: "Billing day",
  priceCentavos: "Price (centavos)",
  amountCentavos: "Amount (centavos)",
  balanceCentavos: "Balance (centavos)",
  downloadMbps: "Download (Mbps)",
  uploadMbps: "Upload (Mbps)",
  scheduledFor: "Planned visit",
  latitude: "Latitude",
  longitude: "Longitude",
  twoFactorEnabled: "Two-factor authentication",
  quotaBytes: "Data allowance (bytes)",
  quotaDirection: "Data that counts",
  quotaAction: "At the data cap",
  quotaThrottleRate: "Speed at the cap",
  quotaProfile: "Router profile at the cap",
};

export function fieldLabel(key: string): string {
  if (fieldLabels[key]) return fieldLabels[key];
  const words = key
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
const show = (v: unknown) =>
  isEmpty(v) ? "—" : Array.isArray(v) ? v.join(", ") : typeof v === "boolean" ? (v ? "yes" : "no") : typeof v === "object" ? JSON.stringify(v) : String(v);

/**
 * "Status: active → suspended" lines from a before/after pair, in staff words. A record's creation lists only the
 * fields it was created with (no "Alternate phone: —" for what was left blank).
 */
export function describeChanges(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const keys = Array.from(new Set([...Object.keys(b), ...Object.keys(a)])).filter((k) => k !== "updatedAt" && k !== "createdAt");
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .filter((k) => k in b || !isEmpty(a[k]))
    .slice(0, 12)
    .map((k) => (k in b ? `${fieldLabel(k)}: ${show(b[k])} → ${show(a[k])}` : `${fieldLabel(k)}: ${show(a[k])}`));
}
