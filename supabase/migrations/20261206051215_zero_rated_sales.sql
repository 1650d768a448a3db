ALTER TABLE "credit_notes" ADD COLUMN "zero_rated_centavos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "zero_rated_centavos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Sales taxed at 0 % that are not exempt were counted as VATable: move them to zero-rated.
UPDATE "invoices" i SET "zero_rated_centavos" = z.zero, "vatable_centavos" = i."vatable_centavos" - z.zero
FROM (
  SELECT "invoice_id", sum("net_centavos") AS zero FROM "invoice_lines"
  WHERE "tax_rate_bps" = 0 AND NOT "tax_exempt" GROUP BY "invoice_id"
) z
WHERE z."invoice_id" = i."id" AND z.zero <> 0;--> statement-breakpoint
-- A credit against such an invoice takes back zero-rated sales in the invoice's proportion (half-up, as issued).
UPDATE "credit_notes" c SET
  "zero_rated_centavos" = s.zero,
  "vatable_centavos" = c."vatable_centavos" - s.zero
FROM (
  SELECT n."id", sign(n."amount_centavos" * i."zero_rated_centavos")
           * floor(abs(n."amount_centavos" * i."zero_rated_centavos")::numeric / i."total_centavos" + 0.5)::bigint AS zero
  FROM "credit_notes" n JOIN "invoices" i ON i."id" = n."invoice_id"
  WHERE n."kind" = 'credit' AND i."zero_rated_centavos" <> 0 AND i."total_centavos" <> 0
) s
WHERE s."id" = c."id";
