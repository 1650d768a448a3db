import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { executeAction } from "@/lib/core/action";
import { auditLog } from "@/lib/audit/schema";
import { clock } from "@/lib/core/clock";
import type { Connection } from "@/lib/db/connect";
import { removeLinkAction, saveLinkAction } from "./actions/links";
import { clearPositionsAction, savePositionAction } from "./actions/positions";
import { recordTopology } from "./discovery";
import { topologyGraph } from "./queries";
import { networkLinks } from "./schema";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

let nextPort = 41_000;
async function isp() {
  const fixture = await createTenantFixture(conn.db);
  const tenantId = fixture.tenant.id;
  const core = await insertRouter(conn.db, tenantId, { port: nextPort++, password: "x", name: "Core-1" });
  const tower = await insertRouter(conn.db, tenantId, { port: nextPort++, password: "x", name: "Tower-2" });
  const owner = { ...fixture.ctx.owner, db: conn.db };
  return { fixture, tenantId, core, tower, owner };
}

const leasedLine = (aRouterId: string, bRouterId: string) => ({
  aRouterId,
  aInterface: "sfp1",
  bRouterId,
  bInterface: "",
  medium: "leased_line",
  capacityMbps: "500",
  label: "PLDT backhaul",
});

const auditActions = async (tenantId: string) =>
  (
    await conn.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId)))
  )
    .map((a) => a.action)
    .sort();

describe("manual links", () => {
  it("an owner draws a leased line with its capacity, edits it and removes it, each audited", async () => {
    const { tenantId, core, tower, owner } = await isp();
    const { id } = await executeAction(saveLinkAction.definition, owner, { link: leasedLine(tower.id, core.id) });
    let graph = await topologyGraph(conn.db, { tenantId });
    expect(graph.links).toEqual([
      expect.objectContaining({
        id,
        source: "manual",
        medium: "leased_line",
        capacityMbps: 500,
        label: "PLDT backhaul",
        seen: false,
        // Whichever way round it was drawn, each router keeps its own port.
        a: expect.objectContaining({ name: core.id < tower.id ? "Core-1" : "Tower-2", interface: core.id < tower.id ? "" : "sfp1" }),
      }),
    ]);

    await expect(executeAction(saveLinkAction.definition, owner, { link: leasedLine(core.id, tower.id) })).resolves.toBeTruthy();
    await expect(executeAction(saveLinkAction.definition, owner, { link: leasedLine(tower.id, core.id) })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(executeAction(saveLinkAction.definition, owner, { link: leasedLine(core.id, core.id) })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { "link.bRouterId": ["A link joins two different routers"] },
    });

    await executeAction(saveLinkAction.definition, owner, {
      linkId: id,
      link: { ...leasedLine(tower.id, core.id), medium: "fibre", capacityMbps: "" },
    });
    graph = await topologyGraph(conn.db, { tenantId });
    expect(graph.links.find((l) => l.id === id)).toMatchObject({ medium: "fibre", capacityMbps: null });

    await executeAction(removeLinkAction.definition, owner, { linkId: id });
    graph = await topologyGraph(conn.db, { tenantId });
    expect(graph.links.map((l) => l.id)).not.toContain(id);
    expect(await auditActions(tenantId)).toEqual(["topology.link_added", "topology.link_added", "topology.link_changed", "topology.link_removed"]);
  });

  it("a discovered link takes a capacity and medium but keeps the ends the routers reported", async () => {
    const { tenantId, core, tower, owner } = await isp();
    const at = clock.now();
    await recordTopology(conn.db, {
      tenantId,
      routerId: tower.id,
      at,
      ports: [{ name: "ether1", type: "ether", macAddress: "4C:5E:0C:00:52:01", running: true, disabled: false, linkDowns: 0 }],
      neighbors: null,
    });
    await recordTopology(conn.db, {
      tenantId,
      routerId: core.id,
      at,
      ports: [],
      neighbors: [
        {
          interface: "ether2",
          macAddress: "4C:5E:0C:00:52:01",
          identity: "Tower-2",
          address: "",
          platform: "",
          board: "",
          version: "",
          discoveredBy: "lldp",
        },
      ],
    });
    const [link] = await conn.db.select().from(networkLinks).where(eq(networkLinks.tenantId, tenantId));
    const ends = { aRouterId: core.id, aInterface: "ether2", bRouterId: tower.id, bInterface: "ether1" };
    await executeAction(saveLinkAction.definition, owner, {
      linkId: link.id,
      link: { ...ends, medium: "fibre", capacityMbps: "1000", label: "Core ring" },
    });
    expect((await topologyGraph(conn.db, { tenantId })).links).toEqual([
      expect.objectContaining({ source: "discovered", medium: "fibre", capacityMbps: 1000, label: "Core ring", seen: true }),
    ]);
    await expect(
      executeAction(saveLinkAction.definition, owner, {
        linkId: link.id,
        link: { ...ends, bInterface: "ether9", medium: "fibre", capacityMbps: "1000", label: "" },
      }),
    ).rejects.toMatchObject({ code: "validation" });
  });

  it("is refused to staff without alert settings, and for another ISP's routers or links", async () => {
    const ours = await isp();
    const theirs = await isp();
    const technician = { ...ours.fixture.ctx.technician, db: conn.db };
    await expect(executeAction(saveLinkAction.definition, technician, { link: leasedLine(ours.core.id, ours.tower.id) })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(executeAction(saveLinkAction.definition, ours.owner, { link: leasedLine(ours.core.id, theirs.tower.id) })).rejects.toMatchObject({
      code: "not_found",
    });
    const { id } = await executeAction(saveLinkAction.definition, theirs.owner, { link: leasedLine(theirs.core.id, theirs.tower.id) });
    await expect(executeAction(removeLinkAction.definition, ours.owner, { linkId: id })).rejects.toMatchObject({ code: "not_found" });
    expect((await topologyGraph(conn.db, { tenantId: theirs.tenantId })).links).toHaveLength(1);
  });
});

describe("pinned positions", () => {
  it("pins a router where it was dropped, and clearing unpins them all", async () => {
    const { tenantId, core, tower, owner } = await isp();
    await executeAction(savePositionAction.definition, owner, { routerId: core.id, x: 120.04, y: 80 });
    await executeAction(savePositionAction.definition, owner, { routerId: core.id, x: 300, y: 200 });
    await executeAction(savePositionAction.definition, owner, { routerId: tower.id, x: 500, y: 220 });
    const positions = async () => Object.fromEntries((await topologyGraph(conn.db, { tenantId })).nodes.map((n) => [n.name, n.position]));
    expect(await positions()).toEqual({ "Core-1": { x: 300, y: 200 }, "Tower-2": { x: 500, y: 220 } });

    await expect(executeAction(clearPositionsAction.definition, owner, { confirm: true })).resolves.toEqual({ cleared: 2 });
    expect(await positions()).toEqual({ "Core-1": null, "Tower-2": null });
    expect(await auditActions(tenantId)).toEqual([
      "topology.position_pinned",
      "topology.position_pinned",
      "topology.position_pinned",
      "topology.positions_cleared",
    ]);
  });

  it("refuses another ISP's router", async () => {
    const ours = await isp();
    const theirs = await isp();
    await expect(executeAction(savePositionAction.definition, ours.owner, { routerId: theirs.core.id, x: 1, y: 1 })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
