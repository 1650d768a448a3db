import { actorOf, recordAudit } from "@/lib/audit/record";
import { fieldErrorsOf, withoutNul } from "@/lib/core/action";
import { csvResponse } from "@/lib/core/csv";
import { AppError } from "@/lib/core/errors";
import { staffRoute } from "@/lib/core/route";
import { gatewayOnlyLines, settlementCsv, settlementParamsSchema, settlementReport } from "@/lib/payments/settlement";

/** GET /api/billing/settlement?provider=&month=YYYY-MM → the settlement report's lines, both sides, as CSV. */
export const GET = staffRoute("reports:finance", async (ctx, request) => {
  const parsed = settlementParamsSchema.safeParse(withoutNul(Object.fromEntries(new URL(request.url).searchParams)));
  if (!parsed.success) throw new AppError("bad_request", "Choose a gateway and a month like 2026-11.", { fieldErrors: fieldErrorsOf(parsed.error) });
  const { provider, month } = parsed.data;
  const report = await settlementReport(ctx.db, { tenantId: ctx.tenantId, provider, month });
  const rows = report.ours.payments.length + report.ours.refunds.length + gatewayOnlyLines(report).length;
  await recordAudit(ctx.db, actorOf(ctx), {
    action: "reports.finance_exported",
    entityType: "report",
    after: { report: "settlement", provider, month, rows },
  });
  return csvResponse(settlementCsv(report), { filename: `settlement-${provider}-${month}.csv`, rows });
});
