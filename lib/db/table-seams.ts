/*
 * The seams lib/db/table-ownership.test.ts still allows: where a file writes another domain's table
 * (`file → SQL table name`) or imports another domain's schema module (`file → lib/<domain>/schema`), each with
 * why. The list only shrinks: when a seam is gone, the test asks for its entry to be removed; a new seam is
 * refused unless it is added here with a reason a reviewer accepts. Prefer calling the owner's function.
 *
 * Progress (pairs): writes 27 → 12 (one found by the scanner once it saw aliased raw updates; five ended when the payment tables moved to lib/payments/schema.ts), schema imports
 * 161 → 142. Every write to `subscriptions` outside lib/subscriptions is gone but the set-based CSV import's.
 */

/** `file → table`: writes to a table another domain owns. */
export const writeSeams: Record<string, string> = {
  // billing
  "lib/billing/documents/template.ts → tenants": "the invoice template (logo, brand colour, notes, footer) is stored on the tenant row",
  "lib/billing/ledger.ts → customers": "the customer's running balance (customers.balance_centavos) moves with every ledger entry",
  "lib/billing/run-steps.ts → customers":
    "a billing batch moves its customers' running balances (customers.balance_centavos) in one set-based statement, like the ledger",
  "lib/billing/settings.ts → customers": "a customer's VAT exemption is stored on the customer row",
  "lib/billing/settings.ts → tenants": "billing, tax and late-fee settings are stored on the tenant row",
  // imports
  "lib/imports/write.ts → audit_log": "an import writes its thousands of audit entries in one set-based statement per chunk",
  "lib/imports/write.ts → customers": "an import writes its customers in one set-based statement per chunk (10,000 rows in seconds)",
  "lib/imports/write.ts → subscriptions": "an import writes its subscriptions in one set-based statement per chunk",
  // monitoring
  "lib/monitoring/store.ts → routers": "the poller records a router's status, last contact and last error",
  // provisioning
  "lib/provisioning/reconcile.ts → routers": "the reconciler records a router's last reconcile, failures and backoff",
  "lib/provisioning/reconcile.ts → vouchers": "a hotspot voucher seen in use on the router is marked used",
  "lib/provisioning/settings.ts → tenants": "the isolation (suspension) settings are stored on the tenant row",
};

/** `file → schema module`: imports of another domain's schema module (reads, joins, types, value lists). */
export const importSeams: Record<string, string> = {
  // app
  "app/(app)/customers/[customerId]/documents/page.tsx → lib/storage/schema":
    "the value list customerDocumentKinds, to parse a parameter or list options",
  "app/(app)/leads/page.tsx → lib/customers/schema": "the value list leadStages, to parse a parameter or list options",
  "app/(app)/onboarding/page.tsx → lib/tenants/schema":
    "the value list onboardingSteps; the type OnboardingStep, to parse a parameter or list options",
  "app/(app)/settings/notifications/outbox/page.tsx → lib/notify/schema":
    "the value lists notificationChannels, outboxStatuses, to parse a parameter or list options",
  "app/(app)/settings/notifications/page.tsx → lib/notify/schema": "the type NotificationChannel, to parse a parameter or list options",
  "app/(app)/settings/notifications/templates/page.tsx → lib/notify/schema":
    "the value lists notificationChannels, notificationEvents, to parse a parameter or list options",
  "app/api/billing/documents/[kind]/[id]/route.ts → lib/billing/schema": "the value list documentKinds, to parse a parameter or list options",
  "app/api/routers/[routerId]/traffic/history/route.ts → lib/monitoring/schema":
    "the value list trafficResolutions, to parse a parameter or list options",
  // auth
  "lib/auth/session.ts → lib/tenants/schema": "joins tenants",
  "lib/auth/staff.ts → lib/tenants/schema": "reads and joins tenants",
  // billing
  "lib/billing/documents/email.ts → lib/notify/schema": "reads notification_outbox; the type NotificationEvent",
  "lib/billing/documents/load-invoice.ts → lib/customers/schema": "reads customers",
  "lib/billing/documents/load-invoice.ts → lib/tenants/schema": "reads tenants",
  "lib/billing/documents/template.ts → lib/tenants/schema": "reads and writes tenants",
  "lib/billing/dunning.ts → lib/customers/schema": "joins customers",
  "lib/billing/dunning.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/billing/dunning.ts → lib/tenants/schema": "reads tenants; the type Tenant",
  "lib/billing/invoices.ts → lib/customers/schema": "reads customers",
  "lib/billing/invoices.ts → lib/tenants/schema": "reads tenants",
  "lib/billing/ledger.ts → lib/customers/schema": "reads, names in SQL and writes customers",
  "lib/billing/payments.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/billing/payments.ts → lib/tenants/schema": "reads tenants",
  "lib/billing/plan-change.ts → lib/customers/schema": "reads customers",
  "lib/billing/plan-change.ts → lib/plans/schema": "reads service_plans",
  "lib/billing/plan-change.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/billing/plan-change.ts → lib/tenants/schema": "reads tenants",
  "lib/billing/promos.ts → lib/customers/schema": "reads customers",
  "lib/billing/promos.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/billing/promos.ts → lib/tenants/schema": "reads tenants",
  "lib/billing/queries.ts → lib/customers/schema": "reads and joins customers",
  "lib/billing/run-plan.ts → lib/customers/schema": "joins and names in SQL customers",
  "lib/billing/run-plan.ts → lib/notify/schema": "names in SQL customer_notification_preferences",
  "lib/billing/run-plan.ts → lib/plans/schema": "joins service_plans",
  "lib/billing/run-plan.ts → lib/subscriptions/schema": "reads and names in SQL subscriptions",
  "lib/billing/run-plan.ts → lib/tenants/schema": "the type Tenant",
  "lib/billing/run.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/billing/run.ts → lib/tenants/schema": "reads tenants; the type Tenant",
  "lib/billing/settings.ts → lib/customers/schema": "writes customers",
  "lib/billing/settings.ts → lib/plans/schema": "reads service_plans",
  "lib/billing/settings.ts → lib/tenants/schema": "reads and writes tenants; the type Tenant",
  "lib/billing/termination.ts → lib/customers/schema": "reads customers",
  "lib/billing/termination.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/billing/termination.ts → lib/tenants/schema": "reads tenants",
  // customers
  "lib/customers/list.ts → lib/plans/schema": "reads and joins service_plans",
  "lib/customers/list.ts → lib/routers/schema": "reads routers",
  "lib/customers/list.ts → lib/subscriptions/schema": "reads and names in SQL subscriptions",
  // hotspot
  "lib/hotspot/service.ts → lib/plans/schema": "reads and joins service_plans",
  "lib/hotspot/service.ts → lib/routers/schema": "reads routers",
  // imports
  "lib/imports/queries.ts → lib/audit/schema": "reads and names in SQL audit_log",
  "lib/imports/queries.ts → lib/plans/schema": "reads service_plans",
  "lib/imports/queries.ts → lib/routers/schema": "reads routers",
  "lib/imports/rules.ts → lib/customers/schema": "the value list customerStatuses; the type CustomerStatus",
  "lib/imports/rules.ts → lib/subscriptions/schema": "the type SubscriptionStatus",
  "lib/imports/service.ts → lib/customers/schema": "reads customers",
  "lib/imports/service.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/imports/write.ts → lib/audit/schema": "writes audit_log",
  "lib/imports/write.ts → lib/customers/schema": "writes customers",
  "lib/imports/write.ts → lib/subscriptions/schema": "writes subscriptions",
  // mail
  "lib/mail/queries.ts → lib/auth/schema": "reads and names in SQL users",
  "lib/mail/send.ts → lib/billing/schema": "reads billing_documents",
  // monitoring
  "lib/monitoring/jobs.ts → lib/routers/schema": "reads routers; the type Router",
  "lib/monitoring/live.ts → lib/routers/schema": "the type Router",
  "lib/monitoring/poll.ts → lib/routers/schema": "the type Router",
  "lib/monitoring/poll.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/monitoring/queries.ts → lib/plans/schema": "joins service_plans",
  "lib/monitoring/queries.ts → lib/routers/schema": "joins routers",
  "lib/monitoring/queries.ts → lib/subscriptions/schema": "reads subscriptions",
  // network
  "lib/network/field-service.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/network/service.ts → lib/auth/schema": "the type StaffRole",
  "lib/network/service.ts → lib/routers/schema": "the type Router",
  // notify
  "lib/notify/channels/index.ts → lib/mail/schema": "reads sent_emails",
  "lib/notify/enqueue.ts → lib/auth/schema": "reads users",
  "lib/notify/enqueue.ts → lib/customers/schema": "reads and names in SQL customers",
  "lib/notify/enqueue.ts → lib/tenants/schema": "reads tenants",
  "lib/notify/queries.ts → lib/customers/schema": "joins customers",
  // payments
  "lib/payments/invoice.ts → lib/billing/schema": "reads invoices",
  "lib/payments/invoice.ts → lib/customers/schema": "joins customers",
  "lib/payments/invoice.ts → lib/tenants/schema": "joins tenants",
  "lib/payments/refunds.ts → lib/billing/schema": "reads and locks the payment a refund is for (the ledger's refund itself is refundPayment)",
  "lib/payments/status-page.ts → lib/billing/schema": "reads the invoice number and receipt number a payment status page names",
  "lib/payments/status-page.ts → lib/tenants/schema": "reads the ISP's name and time zone for the public status page",
  "lib/payments/settle.ts → lib/billing/schema": "reads invoices (whether a checkout's invoice was paid or voided meanwhile)",
  "lib/payments/settlement.ts → lib/billing/schema": "reads payments through a gateway in a month, and the receipt and method of a refunded one",
  "lib/payments/settlement.ts → lib/customers/schema": "joins customers (the name on each settlement line)",
  // portal
  "lib/portal/accounts.ts → lib/customers/schema": "reads and names in SQL customers",
  "lib/portal/queries.ts → lib/billing/schema": "reads invoices, payments (picks the table a document download reads)",
  "lib/portal/queries.ts → lib/plans/schema": "joins service_plans",
  "lib/portal/queries.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/portal/sessions.ts → lib/customers/schema": "joins customers",
  "lib/portal/sessions.ts → lib/tenants/schema": "joins tenants",
  "lib/portal/tokens.ts → lib/customers/schema": "reads and joins customers",
  "lib/portal/tokens.ts → lib/tenants/schema": "joins tenants",
  // provisioning
  "lib/provisioning/adopt.ts → lib/plans/schema": "reads service_plans",
  "lib/provisioning/adopt.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/provisioning/desired-input.ts → lib/hotspot/schema": "joins and reads voucher_batches, vouchers",
  "lib/provisioning/desired-input.ts → lib/plans/schema": "reads service_plans",
  "lib/provisioning/desired-input.ts → lib/queues/schema": "reads queue_tree_nodes",
  "lib/provisioning/desired-input.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/provisioning/desired-input.ts → lib/tenants/schema": "reads tenants",
  "lib/provisioning/desired.ts → lib/plans/schema": "the type ServicePlan",
  "lib/provisioning/jobs.ts → lib/routers/schema": "reads and names in SQL routers",
  "lib/provisioning/jobs.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/provisioning/queries.ts → lib/auth/schema": "joins users",
  "lib/provisioning/reconcile.ts → lib/hotspot/schema": "names in SQL and writes vouchers",
  "lib/provisioning/reconcile.ts → lib/routers/schema": "names in SQL and writes routers; the type Router",
  "lib/provisioning/settings.ts → lib/tenants/schema": "reads and writes tenants; the type Tenant",
  "lib/provisioning/suspension.ts → lib/routers/schema": "reads routers",
  "lib/provisioning/suspension.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/provisioning/trigger.ts → lib/routers/schema": "reads routers",
  "lib/provisioning/trigger.ts → lib/subscriptions/schema": "reads subscriptions",
  // queues
  "lib/queues/service.ts → lib/plans/schema": "reads and joins service_plans",
  "lib/queues/service.ts → lib/routers/schema": "reads and joins routers, sites",
  // reports
  "lib/reports/detail-sources.ts → lib/plans/schema": "reads service_plans",
  "lib/reports/finance.ts → lib/billing/schema": "names in SQL and reads credit_notes, invoices, payments; the type PaymentMethod",
  "lib/reports/overdue.ts → lib/billing/schema": "reads and names in SQL invoices",
  "lib/reports/overdue.ts → lib/customers/schema": "joins and names in SQL customers",
  "lib/reports/overdue.ts → lib/tenants/schema": "reads tenants",
  "lib/reports/params.ts → lib/billing/schema": "the value list paymentMethods",
  "lib/reports/tax.ts → lib/billing/schema": "names in SQL credit_notes, invoices",
  // storage
  "lib/storage/queries.ts → lib/auth/schema": "joins users",
  "lib/storage/service.ts → lib/auth/schema": "joins and names in SQL users",
  "lib/storage/service.ts → lib/customers/schema": "reads customers",
  "lib/storage/service.ts → lib/tickets/schema": "reads tickets, work_logs",
  // subscriptions
  "lib/subscriptions/service.ts → lib/plans/schema": "reads and joins service_plans",
  "lib/subscriptions/service.ts → lib/routers/schema": "reads and joins routers",
  "lib/subscriptions/service.ts → lib/tenants/schema": "reads tenants",
  // ipam
  "lib/ipam/demo.ts → lib/routers/schema": "reads the demo's routers: each one's PPPoE block",
  "lib/ipam/queries.ts → lib/customers/schema": "joins customers: who holds an address",
  "lib/ipam/queries.ts → lib/routers/schema": "joins sites: a prefix's site",
  "lib/ipam/queries.ts → lib/subscriptions/schema": "reads subscriptions' static IPs: who holds an address, and conflicts",
  "lib/ipam/service.ts → lib/routers/schema": "reads sites: a prefix's site must be the ISP's",
  // quotas
  "lib/quotas/cycles.ts → lib/plans/schema":
    "joins service_plans: the job reads every live subscription with its plan's quota in one statement (100,000 of them)",
  "lib/quotas/cycles.ts → lib/subscriptions/schema": "reads subscriptions (status, start date, router) to judge them against their plan's quota",
  "lib/quotas/top-ups.ts → lib/billing/schema": "reads invoices: whether the invoice of a top-up bought \"pay first\" is paid",
  // tenants
  "lib/tenants/limits.ts → lib/customers/schema": "reads customers",
  "lib/tenants/limits.ts → lib/routers/schema": "reads routers",
  "lib/tenants/platform.ts → lib/customers/schema": "names in SQL customers",
  "lib/tenants/platform.ts → lib/routers/schema": "names in SQL routers",
  // topology
  "lib/topology/discovery.ts → lib/routers/schema":
    "reads routers by name: a neighbour whose MAC is no known port is matched by identity, among the names the poll heard only",
  // tickets
  "lib/tickets/field-queries.ts → lib/customers/schema": "joins and names in SQL customers",
  "lib/tickets/field-queries.ts → lib/subscriptions/schema": "reads and names in SQL subscriptions",
  "lib/tickets/notify.ts → lib/notify/schema": "the type NotificationEvent",
  "lib/tickets/queries.ts → lib/auth/schema": "reads users",
  "lib/tickets/queries.ts → lib/customers/schema": "reads and joins customers",
  "lib/tickets/report.ts → lib/auth/schema": "joins and names in SQL users",
  "lib/tickets/service.ts → lib/auth/schema": "reads users",
  "lib/tickets/service.ts → lib/customers/schema": "reads customers",
  "lib/tickets/service.ts → lib/subscriptions/schema": "reads subscriptions",
  "lib/tickets/sla-check.ts → lib/auth/schema": "reads users",
  "lib/tickets/work-logs.ts → lib/auth/schema": "joins users",
  "lib/tickets/work-logs.ts → lib/storage/schema": "reads stored_files",
};
