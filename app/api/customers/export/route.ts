import { z } from "zod";
import { requireStaffContext } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { fieldErrorsOf } from "@/lib/core/action";
import { logger } from "@/lib/core/logger";
import { customerListParamsSchema, exportCustomersCsv, listInputFromParams } from "@/lib/customers/list";

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

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/** GET /api/customers/export?<list filters> or ?ids=a,b,c → the matching customers as CSV (permission customers:export). */
export async function GET(request: Request) {
  try {
    const ctx = await requireStaffContext();
    if (!can(ctx.role, "customers:export")) return json(403, { error: "You do not have permission to export customers." });

    const url = new URL(request.url);
    const parsed = exportParamsSchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) return json(400, { error: "Some export parameters are not valid.", fieldErrors: fieldErrorsOf(parsed.error) });
    const { ids, ...params } = parsed.data;
    const filter = ids ? { ids } : Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));

    const { csv, rows } = await exportCustomersCsv(ctx.db, { ...listInputFromParams(ctx.tenantId, params), ids });
    await recordAudit(
      ctx.db,
      { tenantId: ctx.tenantId, userId: ctx.userId, userName: ctx.userName, ipAddress: ctx.ipAddress },
      { action: "customers.exported", entityType: "customer", after: { filter, rows } },
    );
    const date = new Date().toISOString().slice(0, 10);
    // The BOM makes Excel read names like "Peñaflor" as UTF-8.
    return new Response(`\uFEFF${csv}`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="customers-${date}.csv"`,
        "Cache-Control": "no-store",
        "X-Row-Count": String(rows),
      },
    });
  } catch (error) {
    if (error instanceof AppError) return json(error.status, { error: error.message });
    logger.error({ err: error }, "customer export failed");
    return json(500, { error: "Something went wrong on our side. Try the export again." });
  }
}
