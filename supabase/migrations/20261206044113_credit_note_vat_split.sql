ALTER TABLE "credit_notes" ADD COLUMN "vatable_centavos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD COLUMN "exempt_centavos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD COLUMN "tax_centavos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Credits against an invoice take back that invoice's VAT and exempt shares (each rounded half-up).
UPDATE "credit_notes" n SET
  "tax_centavos" = round(n."amount_centavos"::numeric * i."tax_centavos" / i."total_centavos"),
  "exempt_centavos" = round(n."amount_centavos"::numeric * i."exempt_centavos" / i."total_centavos")
FROM "invoices" i
WHERE n."kind" = 'credit' AND i."id" = n."invoice_id" AND i."tenant_id" = n."tenant_id" AND i."total_centavos" <> 0;--> statement-breakpoint
-- Credits on the account (plan changes, terminations, goodwill): the VAT inside the amount at the ISP's rate when
-- the note was issued (the last tax settings change before it, else the rate the first change after it replaced,
-- else today's rate); a VAT-exempt customer's credit is all exempt.
WITH rated AS (
  SELECT n."id", cu."tax_exempt" AS exempt,
    coalesce(
      (SELECT (a."after"->>'vatRateBps')::int FROM "audit_log" a
        WHERE a."tenant_id" = n."tenant_id" AND a."action" = 'settings.tax_updated' AND a."after"->>'vatRateBps' IS NOT NULL
          AND a."created_at" <= n."created_at"
        ORDER BY a."created_at" DESC LIMIT 1),
      (SELECT (a."before"->>'vatRateBps')::int FROM "audit_log" a
        WHERE a."tenant_id" = n."tenant_id" AND a."action" = 'settings.tax_updated' AND a."before"->>'vatRateBps' IS NOT NULL
          AND a."created_at" > n."created_at"
        ORDER BY a."created_at" ASC LIMIT 1),
      t."vat_rate_bps"
    ) AS rate
  FROM "credit_notes" n
  JOIN "customers" cu ON cu."id" = n."customer_id"
  JOIN "tenants" t ON t."id" = n."tenant_id"
  LEFT JOIN "invoices" i ON i."id" = n."invoice_id" AND i."tenant_id" = n."tenant_id"
  WHERE n."kind" = 'credit' AND (i."id" IS NULL OR i."total_centavos" = 0)
)
UPDATE "credit_notes" n SET
  "exempt_centavos" = CASE WHEN r.exempt THEN n."amount_centavos" ELSE 0 END,
  "tax_centavos" = CASE WHEN r.exempt THEN 0
    ELSE n."amount_centavos" - round(n."amount_centavos"::numeric * 10000 / (10000 + r.rate)) END
FROM rated r
WHERE r."id" = n."id";--> statement-breakpoint
-- VATable is the rest, so the three add up to the amount; refunds take back no sales and stay at zero.
UPDATE "credit_notes" SET "vatable_centavos" = "amount_centavos" - "tax_centavos" - "exempt_centavos" WHERE "kind" = 'credit';
