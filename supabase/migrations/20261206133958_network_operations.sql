CREATE TABLE "alert_object_states" (
	"tenant_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"object_key" text NOT NULL,
	"state" text,
	"since" timestamp with time zone NOT NULL,
	"flapping" boolean DEFAULT false NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"memory" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_value" double precision,
	"incident_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_object_states_router_id_rule_id_object_key_pk" PRIMARY KEY("router_id","rule_id","object_key")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"severity" text DEFAULT 'major' NOT NULL,
	"threshold" double precision,
	"min_count" integer,
	"window_seconds" integer DEFAULT 300 NOT NULL,
	"fire_after_seconds" integer DEFAULT 0 NOT NULL,
	"clear_after_seconds" integer DEFAULT 0 NOT NULL,
	"flap_changes" integer DEFAULT 4 NOT NULL,
	"router_id" uuid,
	"site_id" uuid,
	"notify_role" text,
	"notify_user_ids" text[] DEFAULT '{}' NOT NULL,
	"notify_recovery" boolean DEFAULT true NOT NULL,
	"escalate_after_minutes" integer,
	"escalate_role" text,
	"escalate_user_ids" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_user_id" text,
	"actor_name" text,
	"body" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_tickets" (
	"tenant_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_tickets_incident_id_ticket_id_pk" PRIMARY KEY("incident_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"object_type" text NOT NULL,
	"object_key" text NOT NULL,
	"router_id" uuid,
	"site_id" uuid,
	"firing_rule_ids" uuid[] DEFAULT '{}' NOT NULL,
	"flapping" boolean DEFAULT false NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"assigned_to" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"silenced" boolean DEFAULT false NOT NULL,
	"affected_subscribers" integer DEFAULT 0 NOT NULL,
	"online_before" integer DEFAULT 0 NOT NULL,
	"outage_notice_at" timestamp with time zone,
	"all_clear_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"router_id" uuid,
	"site_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"a_router_id" uuid NOT NULL,
	"a_interface" text DEFAULT '' NOT NULL,
	"b_router_id" uuid NOT NULL,
	"b_interface" text DEFAULT '' NOT NULL,
	"medium" text DEFAULT 'ethernet' NOT NULL,
	"source" text NOT NULL,
	"capacity_mbps" integer,
	"label" text DEFAULT '' NOT NULL,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "router_neighbors" (
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"interface" text NOT NULL,
	"mac_address" text NOT NULL,
	"identity" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"platform" text DEFAULT '' NOT NULL,
	"board" text DEFAULT '' NOT NULL,
	"version" text DEFAULT '' NOT NULL,
	"discovered_by" text DEFAULT '' NOT NULL,
	"neighbor_router_id" uuid,
	"neighbor_interface" text,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "router_neighbors_router_id_interface_mac_address_pk" PRIMARY KEY("router_id","interface","mac_address")
);
--> statement-breakpoint
CREATE TABLE "router_ports" (
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text DEFAULT '' NOT NULL,
	"mac_address" text,
	"running" boolean DEFAULT false NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"link_downs" integer DEFAULT 0 NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "router_ports_router_id_name_pk" PRIMARY KEY("router_id","name")
);
--> statement-breakpoint
CREATE TABLE "topology_positions" (
	"router_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"x" double precision NOT NULL,
	"y" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "router_health" ADD COLUMN "temperature" double precision;--> statement-breakpoint
ALTER TABLE "router_health" ADD COLUMN "voltage" double precision;--> statement-breakpoint
ALTER TABLE "router_health" ADD COLUMN "pppoe_sessions" integer;--> statement-breakpoint
ALTER TABLE "alert_object_states" ADD CONSTRAINT "alert_object_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_object_states" ADD CONSTRAINT "alert_object_states_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_object_states" ADD CONSTRAINT "alert_object_states_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_tickets" ADD CONSTRAINT "incident_tickets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_tickets" ADD CONSTRAINT "incident_tickets_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_links" ADD CONSTRAINT "network_links_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_links" ADD CONSTRAINT "network_links_a_router_id_routers_id_fk" FOREIGN KEY ("a_router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_links" ADD CONSTRAINT "network_links_b_router_id_routers_id_fk" FOREIGN KEY ("b_router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "router_neighbors" ADD CONSTRAINT "router_neighbors_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "router_neighbors" ADD CONSTRAINT "router_neighbors_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "router_neighbors" ADD CONSTRAINT "router_neighbors_neighbor_router_id_routers_id_fk" FOREIGN KEY ("neighbor_router_id") REFERENCES "public"."routers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "router_ports" ADD CONSTRAINT "router_ports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "router_ports" ADD CONSTRAINT "router_ports_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topology_positions" ADD CONSTRAINT "topology_positions_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topology_positions" ADD CONSTRAINT "topology_positions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_object_states_tenant_idx" ON "alert_object_states" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "alert_rules_tenant_idx" ON "alert_rules" USING btree ("tenant_id","kind");--> statement-breakpoint
CREATE INDEX "incident_events_incident_idx" ON "incident_events" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "incident_tickets_ticket_idx" ON "incident_tickets" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_tenant_number_idx" ON "incidents" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "incidents_tenant_status_idx" ON "incidents" USING btree ("tenant_id","status","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_open_object_idx" ON "incidents" USING btree ("tenant_id","object_key") WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX "maintenance_windows_tenant_idx" ON "maintenance_windows" USING btree ("tenant_id","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "network_links_ends_idx" ON "network_links" USING btree ("tenant_id","a_router_id","a_interface","b_router_id","b_interface");--> statement-breakpoint
CREATE INDEX "network_links_b_idx" ON "network_links" USING btree ("b_router_id");--> statement-breakpoint
CREATE INDEX "router_neighbors_tenant_idx" ON "router_neighbors" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "router_ports_mac_idx" ON "router_ports" USING btree ("tenant_id","mac_address");--> statement-breakpoint
ALTER TABLE "alert_rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "alert_rules_tenant_isolation" ON "alert_rules" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "alert_object_states" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "alert_object_states_tenant_isolation" ON "alert_object_states" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "incidents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "incidents_tenant_isolation" ON "incidents" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "incident_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "incident_events_tenant_isolation" ON "incident_events" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "incident_tickets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "incident_tickets_tenant_isolation" ON "incident_tickets" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "maintenance_windows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "maintenance_windows_tenant_isolation" ON "maintenance_windows" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "router_ports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "router_ports_tenant_isolation" ON "router_ports" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "router_neighbors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "router_neighbors_tenant_isolation" ON "router_neighbors" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "network_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "network_links_tenant_isolation" ON "network_links" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "topology_positions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "topology_positions_tenant_isolation" ON "topology_positions" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
