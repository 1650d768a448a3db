-- Ended RADIUS sessions, moved out of radacct a day after they end (lib/radius/archive.ts) into a table partitioned
-- by the month they ended: monthly partitions are made ahead and dropped whole after the retention by the archive
-- job; a DEFAULT partition catches rows no partition covers yet, and the job moves them in when it makes theirs.
-- radacct itself stays unpartitioned and small: FreeRADIUS's queries name its unique acctuniqueid in ON CONFLICT,
-- which a partitioned table cannot have without the partition key. Partitions are reached only through their
-- parent, whose row-level policy applies; FreeRADIUS's role has no access to the archive.
CREATE TABLE "radius"."radacct_archive" (
	"radacctid" bigint NOT NULL,
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
	"class" text,
	"acctstoptime" timestamp with time zone NOT NULL,
	CONSTRAINT "radacct_archive_radacctid_acctstoptime_pk" PRIMARY KEY("radacctid","acctstoptime")
) PARTITION BY RANGE ("acctstoptime");
--> statement-breakpoint
ALTER TABLE "radius"."radacct_archive" ADD CONSTRAINT "radacct_archive_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "radacct_archive_tenant_username_idx" ON "radius"."radacct_archive" USING btree ("tenant_id","username","acctstoptime");--> statement-breakpoint
CREATE INDEX "radacct_archive_tenant_address_idx" ON "radius"."radacct_archive" USING btree ("tenant_id","framedipaddress","acctstoptime");--> statement-breakpoint
CREATE TABLE "radius"."radacct_archive_default" PARTITION OF "radius"."radacct_archive" DEFAULT;--> statement-breakpoint
ALTER TABLE "radius"."radacct_archive_default" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
REVOKE ALL ON "radius"."radacct_archive_default" FROM netsphere_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "radius"."radacct_archive" TO netsphere_app;--> statement-breakpoint
ALTER TABLE "radius"."radacct_archive" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "radacct_archive_tenant_isolation" ON "radius"."radacct_archive" TO netsphere_app USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);