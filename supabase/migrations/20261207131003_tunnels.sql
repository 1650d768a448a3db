CREATE TABLE "tunnel_hubs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"endpoint_host" text NOT NULL,
	"endpoint_port" integer DEFAULT 51820 NOT NULL,
	"prefix" text NOT NULL,
	"public_key" text NOT NULL,
	"private_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tunnel_peers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"private_key_encrypted" text NOT NULL,
	"address" text NOT NULL,
	"allowed_ips" text[] DEFAULT '{}'::text[] NOT NULL,
	"connect_through_tunnel" boolean DEFAULT false NOT NULL,
	"last_handshake_at" timestamp with time zone,
	"rx_bytes" bigint,
	"tx_bytes" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tunnel_hubs" ADD CONSTRAINT "tunnel_hubs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tunnel_peers" ADD CONSTRAINT "tunnel_peers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tunnel_peers" ADD CONSTRAINT "tunnel_peers_hub_id_tunnel_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."tunnel_hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tunnel_peers" ADD CONSTRAINT "tunnel_peers_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tunnel_hubs_tenant_idx" ON "tunnel_hubs" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tunnel_peers_router_idx" ON "tunnel_peers" USING btree ("router_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tunnel_peers_hub_address_idx" ON "tunnel_peers" USING btree ("hub_id","address");--> statement-breakpoint
CREATE INDEX "tunnel_peers_tenant_idx" ON "tunnel_peers" USING btree ("tenant_id");--> statement-breakpoint
ALTER TABLE "tunnel_hubs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tunnel_hubs_tenant_isolation" ON "tunnel_hubs" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "tunnel_peers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tunnel_peers_tenant_isolation" ON "tunnel_peers" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
