import { z } from "zod";
import { actorOf, recordAudit } from "@/lib/audit/record";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { customerListParamsSchema, exportCustomersCsv, listInputFromParams } from "@/lib/customers/list";
import { clock } from "@/lib/core/clock";

const exportParamsSchema = customerListParamsSchema.omit({ page: true, size: true }).extend({
  ids: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((id) => id.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(z.array(z.uuid("Unknown customer id")).min(1).max(1000, "Export at most 1,000 selected customers").optional()),
});

/** GET /api/customers/export?<list filters> or ?ids=a,b,c → the matching customers as CSV. */
export const GET = staffRoute("customers:export", async (ctx, request) => {
  const { ids, ...params } = parseSearchParams(request, exportParamsSchema);
  const filter = ids ? { ids } : Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const { csv, rows } = await exportCustomersCsv(ctx.db, { ...listInputFromParams(ctx.tenantId, params), ids });
  await recordAudit(ctx.db, actorOf(ctx), { action: "customers.exported", entityType: "customer", after: { filter, rows } });
  const date = clock.now().toISOString().slice(0, 10);
  // The BOM makes Excel read names like "Peñaflor" as UTF-8.
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="customers-${date}.csv"`,
      "Cache-Control": "no-store",
      "X-Row-Count": String(rows),
    },
  });
});
