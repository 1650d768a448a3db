-- The trigram index leads with the tenant, so a search reads only its ISP's entries (btree_gin gives GIN its uuid
-- operator class; a trusted extension, which the database owner may create).
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
DROP INDEX "customers_search_trgm_idx";--> statement-breakpoint
CREATE INDEX "customers_tenant_search_trgm_idx" ON "customers" USING gin ("tenant_id","search_text" gin_trgm_ops);