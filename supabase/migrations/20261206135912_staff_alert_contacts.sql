ALTER TABLE "users" ADD COLUMN "alert_channels" text[] DEFAULT '{"email"}' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "alert_phone" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "alert_telegram_chat_id" text;