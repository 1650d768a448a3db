CREATE TABLE "installation" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"installation_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installation_single_row" CHECK ("installation"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "device_key" text;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "device_id" text;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Where each router answers, normalised as lib/routers/device.ts does. When two records already share a device,
-- the older keeps the key and the others stay without one (their markers keep them apart; an edit must resolve them).
WITH keyed AS (
	SELECT "id", "created_at",
		CASE WHEN "host" LIKE '%:%' THEN '[' || host(trim("host")::inet) || ']' ELSE lower(trim(trailing '.' from trim("host"))) END
		|| ':' || CASE WHEN "transport" = 'rest' THEN "rest_port" ELSE "api_port" END AS "key"
	FROM "routers"
), ranked AS (
	SELECT "id", "key", row_number() OVER (PARTITION BY "key" ORDER BY "created_at", "id") AS "n" FROM keyed
)
UPDATE "routers" r SET "device_key" = ranked."key" FROM ranked WHERE ranked."id" = r."id" AND ranked."n" = 1;--> statement-breakpoint
-- The seeded demo ISP's routers are the built-in simulators (never contacted while DEMO_ROUTERS=false).
UPDATE "routers" SET "demo" = true
WHERE "host" = '127.0.0.1' AND "tenant_id" IN (SELECT "id" FROM "tenants" WHERE "email" = 'owner@demo.netsphere.ph');--> statement-breakpoint
CREATE UNIQUE INDEX "routers_device_key_idx" ON "routers" USING btree ("device_key");--> statement-breakpoint
CREATE UNIQUE INDEX "routers_device_id_idx" ON "routers" USING btree ("device_id");