/*
 * Incident history for the demo ISP: the default rules, and two months of resolved incidents on its routers
 * (outages, a hot cabinet, a flapping uplink, a mass disconnect on a router and one across a site) so the incidents list and the MTTA/MTTR report
 * have something to show. Written as history: nobody is messaged about incidents that ended weeks ago.
 */
import { asc, eq } from "drizzle-orm";
import { users } from "@/lib/auth/schema";
import { routers, sites } from "@/lib/routers/schema";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { listAlertRules } from "./rules-service";
import { subscribersBehind } from "@/lib/monitoring/impact";
import { incidentEvents, incidents, type AlertKind, type AlertSeverity } from "./schema";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Past = {
  daysAgo: number;
  router: number;
  kind: AlertKind;
  severity: AlertSeverity;
  title: (router: string) => string;
  /** A site incident stands for the router's site (and is skipped when the router has none). */
  objectType: "router" | "interface" | "site";
  label?: string;
  ackMinutes: number;
  resolveMinutes: number;
  affected: number;
  online: number;
  note: string;
};

const history: Past[] = [
  { daysAgo: 3, router: 1, kind: "router_unreachable", severity: "critical", title: (r) => `${r} unreachable`, objectType: "router", ackMinutes: 4, resolveMinutes: 47, affected: 96, online: 81, note: "Power cut at the tower; generator started." },
  { daysAgo: 9, router: 2, kind: "temperature_high", severity: "major", title: (r) => `${r}: temperature 79 °C`, objectType: "router", ackMinutes: 12, resolveMinutes: 95, affected: 104, online: 90, note: "Cabinet fan replaced." },
  { daysAgo: 16, router: 0, kind: "interface_down", severity: "major", title: (r) => `${r} ether2 down (flapping)`, objectType: "interface", label: "ether2", ackMinutes: 7, resolveMinutes: 130, affected: 100, online: 88, note: "Dirty connector on the uplink, cleaned and re-seated." },
  { daysAgo: 27, router: 1, kind: "sessions_drop", severity: "critical", title: (r) => `${r}: PPPoE sessions dropped to 4`, objectType: "router", ackMinutes: 3, resolveMinutes: 210, affected: 96, online: 83, note: "Fibre cut along the highway; splice crew restored it." },
  { daysAgo: 34, router: 0, kind: "site_sessions_drop", severity: "critical", title: (site) => `${site}: PPPoE sessions across the site dropped to 61`, objectType: "site", ackMinutes: 5, resolveMinutes: 150, affected: 200, online: 170, note: "Feeder fibre to the site cut by road works; each tower lost a few dozen, every router still answered." },
  { daysAgo: 41, router: 2, kind: "router_unreachable", severity: "critical", title: (r) => `${r} unreachable`, objectType: "router", ackMinutes: 18, resolveMinutes: 65, affected: 104, online: 92, note: "RouterOS upgrade rebooted it twice." },
  { daysAgo: 55, router: 0, kind: "cpu_high", severity: "minor", title: (r) => `${r}: CPU load 96%`, objectType: "router", ackMinutes: 25, resolveMinutes: 40, affected: 100, online: 85, note: "Torch left running; stopped." },
];

export async function seedDemoIncidents(db: Db, { tenantId }: { tenantId: string }) {
  const rules = await listAlertRules(db, { tenantId });
  const ruleOf = new Map(rules.map((rule) => [rule.kind, rule]));
  const routerRows = await db
    .select({ id: routers.id, name: routers.name, siteId: routers.siteId, siteName: sites.name })
    .from(routers)
    .leftJoin(sites, eq(sites.id, routers.siteId))
    .where(eq(routers.tenantId, tenantId))
    .orderBy(asc(routers.name));
  const [owner] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.createdAt)).limit(1);
  if (routerRows.length === 0) return;
  const now = clock.ms();
  // Who was behind each router then: its subscribers today, most of them online (the share each outage records).
  const behind = await subscribersBehind(db, { tenantId, routerIds: routerRows.map((r) => r.id) });
  const siteOf = new Map(routerRows.map((r) => [r.id, r.siteId]));
  const countOn = (routerId: string) => behind.filter((row) => row.routerId === routerId).length;
  const countAt = (siteId: string) => behind.filter((row) => siteOf.get(row.routerId) === siteId).length;
  const ordered = [...history].sort((a, b) => b.daysAgo - a.daysAgo).filter((past) => past.objectType !== "site" || routerRows[past.router % routerRows.length].siteId);
  for (const [index, past] of ordered.entries()) {
    const router = routerRows[past.router % routerRows.length];
    const site = past.objectType === "site" ? { id: router.siteId!, name: router.siteName ?? "Site" } : null;
    const openedAt = new Date(now - past.daysAgo * DAY - 5 * 60 * MINUTE);
    const acknowledgedAt = new Date(openedAt.getTime() + past.ackMinutes * MINUTE);
    const resolvedAt = new Date(openedAt.getTime() + past.resolveMinutes * MINUTE);
    const affected = site ? countAt(site.id) : countOn(router.id);
    const online = Math.round((affected * past.online) / past.affected);
    const objectKey = site ? `site:${site.id}` : past.objectType === "interface" ? `interface:${router.id}:${past.label}` : `router:${router.id}`;
    const title = past.title(site ? site.name : router.name);
    const [incident] = await db
      .insert(incidents)
      .values({
        tenantId,
        number: index + 1,
        title,
        severity: past.severity,
        status: "resolved",
        objectType: past.objectType,
        objectKey,
        routerId: site ? null : router.id,
        siteId: router.siteId,
        firingRuleIds: [],
        flapping: title.includes("flapping"),
        openedAt,
        acknowledgedAt,
        acknowledgedBy: owner?.id ?? null,
        resolvedAt,
        affectedSubscribers: affected,
        onlineBefore: online,
        outageNoticeAt: past.severity === "critical" ? new Date(acknowledgedAt.getTime() + 5 * MINUTE) : null,
        allClearAt: past.severity === "critical" ? resolvedAt : null,
        updatedAt: resolvedAt,
      })
      .returning();
    const rule = ruleOf.get(past.kind);
    const actor = owner ? { actorUserId: owner.id, actorName: owner.name } : {};
    await db.insert(incidentEvents).values([
      { tenantId, incidentId: incident.id, at: openedAt, kind: "opened", body: `${rule?.name ?? past.kind}: ${incident.title}` },
      { tenantId, incidentId: incident.id, at: openedAt, kind: "notified", body: "1 staff member told (opened)" },
      { tenantId, incidentId: incident.id, at: acknowledgedAt, kind: "acknowledged", ...actor },
      ...(incident.outageNoticeAt
        ? [{ tenantId, incidentId: incident.id, at: incident.outageNoticeAt, kind: "outage_notice" as const, body: `Outage notice to ${affected} subscribers`, ...actor }]
        : []),
      { tenantId, incidentId: incident.id, at: new Date(acknowledgedAt.getTime() + 2 * MINUTE), kind: "comment", body: past.note, ...actor },
      { tenantId, incidentId: incident.id, at: resolvedAt, kind: "cleared", body: `${rule?.name ?? past.kind} recovered` },
      { tenantId, incidentId: incident.id, at: resolvedAt, kind: "resolved", body: "Recovered: every rule on it cleared." },
      ...(incident.allClearAt ? [{ tenantId, incidentId: incident.id, at: resolvedAt, kind: "all_clear" as const, body: `All-clear to ${affected} subscribers`, ...actor }] : []),
    ]);
  }
}
