CREATE TABLE "request_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "request_throttles_window_idx" ON "request_throttles" USING btree ("window_started_at");--> statement-breakpoint
-- Sign-in data, counted on the owner connection like login_attempts: the tenant role has no access.
REVOKE ALL ON "request_throttles" FROM netsphere_app;