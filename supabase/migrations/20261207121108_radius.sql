CREATE SCHEMA "radius";
--> statement-breakpoint
CREATE TABLE "radius"."radacct" (
	"radacctid" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"acctsessionid" text NOT NULL,
	"acctuniqueid" text NOT NULL,
	"username" text,
	"realm" text,
	"nasipaddress" "inet" NOT NULL,
	"nasportid" text,
	"nasporttype" text,
	"acctstarttime" timestamp with time zone,
	"acctupdatetime" timestamp with time zone,
	"acctstoptime" timestamp with time zone,
	"acctinterval" bigint,
	"acctsessiontime" bigint,
	"acctauthentic" text,
	"connectinfo_start" text,
	"connectinfo_stop" text,
	"acctinputoctets" bigint,
	"acctoutputoctets" bigint,
	"calledstationid" text,
	"callingstationid" text,
	"acctterminatecause" text,
	"servicetype" text,
	"framedprotocol" text,
	"framedipaddress" "inet",
	"framedipv6address" "inet",
	"framedipv6prefix" "inet",
	"framedinterfaceid" text,
	"delegatedipv6prefix" "inet",
	"class" text
);
--> statement-breakpoint
CREATE TABLE "radius"."radcheck" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"username" text DEFAULT '' NOT NULL,
	"attribute" text DEFAULT '' NOT NULL,
	"op" text DEFAULT '==' NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"encrypted" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radius"."radgroupcheck" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"groupname" text DEFAULT '' NOT NULL,
	"attribute" text DEFAULT '' NOT NULL,
	"op" text DEFAULT '==' NOT NULL,
	"value" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radius"."radgroupreply" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"groupname" text DEFAULT '' NOT NULL,
	"attribute" text DEFAULT '' NOT NULL,
	"op" text DEFAULT '=' NOT NULL,
	"value" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radius"."nas" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"nasname" text NOT NULL,
	"shortname" text NOT NULL,
	"type" text DEFAULT 'other' NOT NULL,
	"ports" integer,
	"secret" text NOT NULL,
	"server" text,
	"community" text,
	"description" text DEFAULT 'RADIUS Client',
	"coa_port" integer DEFAULT 3799 NOT NULL,
	"require_message_auth" boolean DEFAULT true NOT NULL,
	"interim_seconds" integer DEFAULT 300 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radius"."radpostauth" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid,
	"username" text NOT NULL,
	"pass" text,
	"reply" text,
	"calledstationid" text,
	"callingstationid" text,
	"authdate" timestamp with time zone DEFAULT now() NOT NULL,
	"class" text
);
--> statement-breakpoint
CREATE TABLE "radius"."radreply" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"username" text DEFAULT '' NOT NULL,
	"attribute" text DEFAULT '' NOT NULL,
	"op" text DEFAULT '=' NOT NULL,
	"value" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radius"."radusergroup" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"username" text DEFAULT '' NOT NULL,
	"groupname" text DEFAULT '' NOT NULL,
	"priority" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "radius"."radacct" ADD CONSTRAINT "radacct_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radius"."radcheck" ADD CONSTRAINT "radcheck_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radius"."radgroupcheck" ADD CONSTRAINT "radgroupcheck_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radius"."radgroupreply" ADD CONSTRAINT "radgroupreply_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radius"."nas" ADD CONSTRAINT "nas_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radius"."nas" ADD CONSTRAINT "nas_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radius"."radreply" ADD CONSTRAINT "radreply_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "radius"."radusergroup" ADD CONSTRAINT "radusergroup_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "radacct_acctuniqueid_idx" ON "radius"."radacct" USING btree ("acctuniqueid");--> statement-breakpoint
CREATE INDEX "radacct_tenant_username_idx" ON "radius"."radacct" USING btree ("tenant_id","username");--> statement-breakpoint
CREATE INDEX "radacct_open_idx" ON "radius"."radacct" USING btree ("tenant_id","nasipaddress","acctstoptime");--> statement-breakpoint
CREATE INDEX "radacct_start_idx" ON "radius"."radacct" USING btree ("acctstarttime");--> statement-breakpoint
CREATE INDEX "radcheck_tenant_username_idx" ON "radius"."radcheck" USING btree ("tenant_id","username");--> statement-breakpoint
CREATE INDEX "radcheck_subscription_idx" ON "radius"."radcheck" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "radgroupcheck_tenant_group_idx" ON "radius"."radgroupcheck" USING btree ("tenant_id","groupname");--> statement-breakpoint
CREATE INDEX "radgroupreply_tenant_group_idx" ON "radius"."radgroupreply" USING btree ("tenant_id","groupname");--> statement-breakpoint
CREATE UNIQUE INDEX "radius_nas_nasname_idx" ON "radius"."nas" USING btree ("nasname");--> statement-breakpoint
CREATE UNIQUE INDEX "radius_nas_router_idx" ON "radius"."nas" USING btree ("router_id");--> statement-breakpoint
CREATE INDEX "radpostauth_tenant_date_idx" ON "radius"."radpostauth" USING btree ("tenant_id","authdate");--> statement-breakpoint
CREATE INDEX "radreply_tenant_username_idx" ON "radius"."radreply" USING btree ("tenant_id","username");--> statement-breakpoint
CREATE INDEX "radreply_subscription_idx" ON "radius"."radreply" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "radusergroup_tenant_username_idx" ON "radius"."radusergroup" USING btree ("tenant_id","username");--> statement-breakpoint
CREATE INDEX "radusergroup_subscription_idx" ON "radius"."radusergroup" USING btree ("subscription_id");--> statement-breakpoint
-- FreeRADIUS logs in as `netsphere_radius` (docs/DEPLOY.md: npm run radius:setup gives it a password and LOGIN). It reads
-- every ISP's rows (its queries pick the NAS's ISP themselves) and writes only accounting and post-auth.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'netsphere_radius') THEN
    CREATE ROLE netsphere_radius NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA radius TO netsphere_app, netsphere_radius;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA radius TO netsphere_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA radius TO netsphere_app;--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA radius TO netsphere_radius;--> statement-breakpoint
GRANT INSERT, UPDATE ON radius.radacct, radius.radpostauth TO netsphere_radius;--> statement-breakpoint
GRANT USAGE ON SEQUENCE radius.radacct_radacctid_seq, radius.radpostauth_id_seq TO netsphere_radius;--> statement-breakpoint
ALTER TABLE "radius"."nas" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "nas_tenant_isolation" ON "radius"."nas" TO netsphere_app USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "nas_freeradius" ON "radius"."nas" TO netsphere_radius USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER TABLE "radius"."radcheck" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "radcheck_tenant_isolation" ON "radius"."radcheck" TO netsphere_app USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "radcheck_freeradius" ON "radius"."radcheck" TO netsphere_radius USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER TABLE "radius"."radreply" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "radreply_tenant_isolation" ON "radius"."radreply" TO netsphere_app USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "radreply_freeradius" ON "radius"."radreply" TO netsphere_radius USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER TABLE "radius"."radusergroup" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "radusergroup_tenant_isolation" ON "radius"."radusergroup" TO netsphere_app USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "radusergroup_freeradius" ON "radius"."radusergroup" TO netsphere_radius USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER TABLE "radius"."radgroupcheck" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "radgroupcheck_tenant_isolation" ON "radius"."radgroupcheck" TO netsphere_app USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "radgroupcheck_freeradius" ON "radius"."radgroupcheck" TO netsphere_radius USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER TABLE "radius"."radgroupreply" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "radgroupreply_tenant_isolation" ON "radius"."radgroupreply" TO netsphere_app USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "radgroupreply_freeradius" ON "radius"."radgroupreply" TO netsphere_radius USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER TABLE "radius"."radacct" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "radacct_tenant_isolation" ON "radius"."radacct" TO netsphere_app USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "radacct_freeradius" ON "radius"."radacct" TO netsphere_radius USING (true) WITH CHECK (true);--> statement-breakpoint
ALTER TABLE "radius"."radpostauth" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "radpostauth_tenant_isolation" ON "radius"."radpostauth" TO netsphere_app USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "radpostauth_freeradius" ON "radius"."radpostauth" TO netsphere_radius USING (true) WITH CHECK (true);
