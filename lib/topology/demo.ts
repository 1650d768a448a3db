/*
 * The demo ISP's links drawn by hand, beside the ones its simulated routers discover (lib/routeros/simulator cables
 * Tanauan-CCR1 ether2 to Lipa-CCR2 ether1 and Lipa-CCR2 ether2 to Santo-CCR3 ether1): the backbone fibre with its
 * capacity, so its load shows once polled, and a leased line no router can see. Written only by the seed.
 */
import type { Db } from "@/lib/db/types";
import { listRouters } from "@/lib/routers/service";
import { networkLinks, type LinkMedium } from "./schema";
import { orderedEnds } from "./rules";

type DemoLink = { from: [string, string]; to: [string, string]; medium: LinkMedium; capacityMbps: number; label: string };

const demoLinks: DemoLink[] = [
  { from: ["Tanauan-CCR1", "ether2"], to: ["Lipa-CCR2", "ether1"], medium: "fibre", capacityMbps: 1000, label: "Backbone fibre" },
  { from: ["Tanauan-CCR1", ""], to: ["Santo-CCR3", ""], medium: "leased_line", capacityMbps: 100, label: "Backup leased line" },
];

export async function seedDemoTopology(db: Db, { tenantId }: { tenantId: string }): Promise<void> {
  const idOf = new Map((await listRouters(db, { tenantId })).map((r) => [r.name, r.id]));
  const rows = demoLinks.flatMap((link) => {
    const from = idOf.get(link.from[0]);
    const to = idOf.get(link.to[0]);
    if (!from || !to) return [];
    const { a, b } = orderedEnds({ routerId: from, interface: link.from[1] }, { routerId: to, interface: link.to[1] });
    return [
      {
        tenantId,
        aRouterId: a.routerId,
        aInterface: a.interface,
        bRouterId: b.routerId,
        bInterface: b.interface,
        source: "manual" as const,
        medium: link.medium,
        capacityMbps: link.capacityMbps,
        label: link.label,
      },
    ];
  });
  if (rows.length > 0) await db.insert(networkLinks).values(rows).onConflictDoNothing();
}
