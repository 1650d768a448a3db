/*
 * The monthly capacity report: once per ISP and calendar month (its own zone), an email to its active owners and
 * admins listing what saturates within twelve months, soonest first, with a link to the page. The outbox's dedupe
 * key (ISP, month, person) makes any number of runs in a month send it once; an ISP with nothing to forecast (no
 * links with a capacity, no routers, no pools) gets none.
 */
import "server-only";
import type { Db } from "@/lib/db/types";
import { monthLabel, monthOf, todayIn } from "@/lib/core/calendar";
import { env } from "@/lib/core/env";
import { tenantHandle } from "@/lib/db/tenant-bound";
import { ownersAndAdmins } from "@/lib/auth/staff";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { tenantsToRun } from "@/lib/tenants/queries";
import { describeCrossing, describeLevel } from "./describe";
import { capacityOverview, type CapacityRow } from "./overview";

/** Objects listed in the email; the page has the rest. */
const LISTED = 15;

const saturates = (row: CapacityRow) => row.crossing.kind === "now" || row.crossing.kind === "ahead";

/** The email's summary and lines for an ISP's rows, planned to `threshold` (a share of capacity). */
export function capacityReportText(rows: CapacityRow[], timeZone: string, threshold: number): { summary: string; lines: string } {
  const soon = rows.filter(saturates);
  const planned = `Links and router CPU are planned to ${Math.round(threshold * 100)} % of capacity, IP pools until full.`;
  const summary =
    soon.length === 0
      ? `None of your ${rows.length} links, routers and IP pools is forecast to saturate within 12 months. ${planned}`
      : `${soon.length} of your ${rows.length} links, routers and IP pools ${soon.length === 1 ? "is" : "are"} forecast to saturate within 12 months. ${planned}`;
  const lines = soon
    .slice(0, LISTED)
    .map((row) => `- ${row.name}: ${describeCrossing(row, timeZone)}. Now ${describeLevel(row)}.`)
    .concat(soon.length > LISTED ? [`… and ${soon.length - LISTED} more on the page.`] : [])
    .join("\n");
  return { summary, lines };
}

/** Queues this month's report for every active ISP that has not had it; `messages` counts this month's, old and new. */
export async function sendMonthlyCapacityReports(
  db: Db,
  { now, tenantId }: { now: Date; tenantId?: string },
): Promise<{ tenants: number; messages: number }> {
  let tenants = 0;
  let messages = 0;
  for (const tenant of await tenantsToRun(db, { tenantId })) {
    const bound = tenantHandle(db, tenant.id);
    const month = monthOf(todayIn(tenant.timeZone, now));
    const { rows, threshold } = await capacityOverview(bound, { tenantId: tenant.id, timeZone: tenant.timeZone, now });
    if (rows.length === 0) continue;
    const { summary, lines } = capacityReportText(rows, tenant.timeZone, threshold);
    const recipients = await ownersAndAdmins(bound, { tenantId: tenant.id });
    for (const member of recipients) {
      const { ids } = await enqueueNotification(bound, {
        tenantId: tenant.id,
        event: "capacity_report",
        userId: member.id,
        channels: ["email"],
        data: { month: monthLabel(month), summary, lines, capacityUrl: `${env().APP_URL.replace(/\/+$/, "")}/network/analytics/capacity` },
        dedupeKey: `capacity_report:${month}:${member.id}`,
      });
      messages += ids.length;
    }
    tenants += 1;
  }
  return { tenants, messages };
}
