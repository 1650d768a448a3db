// The one Drizzle schema: each domain owns its tables; this file only gathers them.
export * from "@/lib/tenants/schema";
export * from "@/lib/auth/schema";
export * from "@/lib/plans/schema";
export * from "@/lib/routers/schema";
export * from "@/lib/customers/schema";
export * from "@/lib/subscriptions/schema";
export * from "@/lib/audit/schema";
export * from "@/lib/mail/schema";
export * from "@/lib/imports/schema";
export * from "@/lib/provisioning/schema";
export * from "@/lib/monitoring/schema";
export * from "@/lib/hotspot/schema";
export * from "@/lib/queues/schema";
export * from "@/lib/billing/schema";
