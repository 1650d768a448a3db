/*
 * Health for uptime monitors and load balancers: public on purpose (they carry no session), and answering only
 * counts and ages (lib/health/report.ts) — no secrets, no tenant data. 503 when the database is down.
 */
import { getConnection } from "@/lib/db";
import { healthReport } from "@/lib/health/report";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  let report;
  try {
    report = await healthReport((await getConnection()).db);
  } catch {
    report = { status: "down" as const, database: { ok: false }, problems: ["the database could not be opened"] };
  }
  return Response.json(report, { status: report.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
}
