import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { can, permissions } from "@/lib/auth/permissions";
import { staffRoles } from "@/lib/auth/schema";
import { requireStaffContext } from "@/lib/auth/session";
import { createRouter } from "@/lib/routers/service";
import { releaseRouter } from "@/lib/routers/access";
import { diagnosticCommands, diagnosticCommandNames } from "@/lib/network/diagnostics";
import { runDiagnostic } from "@/lib/network/service";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import { POST } from "@/app/api/routers/[routerId]/diagnostics/route";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let sim: RunningSimulator;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
let routerId: string;
const routerIds: string[] = [];

async function addRouter(ctx: StaffContext, name: string, port: number) {
  const router = await createRouter(conn.db, actorOf(ctx), {
    name,
    host: "127.0.0.1",
    apiPort: port,
    useTls: false,
    username: "api",
    password: "s3cret",
    siteId: null,
  });
  routerIds.push(router.id);
  return router.id;
}

beforeAll(async () => {
  conn = await createTestDatabase();
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.19.2" });
  seedDemoRouter(sim.state, 1);
  fixture = await createTenantFixture(conn.db);
  routerId = await addRouter(fixture.ctx.owner, "Lipa-CCR1", sim.port);
});
afterAll(async () => {
  for (const id of routerIds) await releaseRouter(id);
  await sim?.stop();
  await conn?.close();
});

/** Calls the route handler as the given staff member, the way the browser does. */
async function post(ctx: StaffContext, id: string, body: unknown, contentType = "application/json") {
  vi.mocked(requireStaffContext).mockResolvedValue({ ...ctx, db: conn.db });
  const request = new Request(`http://127.0.0.1/api/routers/${id}/diagnostics`, {
    method: "POST",
    headers: { "content-type": contentType, origin: "http://127.0.0.1" },
    body: JSON.stringify(body),
  });
  const response = await POST(request, {
    params: Promise.resolve({ routerId: id }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const diagnosticAudits = (tenantId: string) =>
  conn.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "router.diagnostic")))
    .orderBy(auditLog.id);

describe("diagnostics proxy", () => {
  it("lets a technician ping through the router and audits the command with its arguments", async () => {
    const { status, body } = await post(fixture.ctx.technician, routerId, { command: "ping", args: { address: "10.1.0.1", count: 3 } });
    expect(status).toBe(200);
    expect(body.data.rows).toHaveLength(3);
    expect(body.data.rows[0]).toMatchObject({ host: "10.1.0.1", time: expect.stringMatching(/^\d+(ms|us)/) });
    expect(body.data.summary).toMatch(/^3 sent, 3 received, 0% loss, average \d+(ms|us)/);
    const [audit] = (await diagnosticAudits(fixture.tenant.id)).slice(-1);
    expect(audit).toMatchObject({ entityId: routerId, actorUserId: fixture.ctx.technician.userId });
    expect(audit.after).toEqual({ command: "ping", args: { address: "10.1.0.1", count: "3" }, ok: true, rows: 3 });
  });

  it("lists live PPPoE and hotspot sessions, narrowed by search, with ids to kick", async () => {
    const ppp = await post(fixture.ctx.technician, routerId, { command: "active-sessions", args: { service: "ppp", search: "acc-0002" } });
    expect(ppp.status).toBe(200);
    expect(ppp.body.data.kickable).toBe("ppp");
    expect(ppp.body.data.rows).toEqual([
      expect.objectContaining({ name: "ACC-0002-R1", id: expect.stringMatching(/^\*[0-9A-F]+$/), macAddress: "AA:BB:CC:01:00:02" }),
    ]);
    const hotspot = await post(fixture.ctx.support, routerId, { command: "active-sessions", args: { service: "hotspot" } });
    expect(hotspot.body.data.rows.map((r: { name: string }) => r.name)).toEqual(["V1001"]);
  });

  it("reads interfaces, a traffic sample and system resources", async () => {
    const interfaces = await post(fixture.ctx.technician, routerId, { command: "interfaces" });
    expect(interfaces.body.data.rows.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(["ether1", "ether2"]));
    expect(interfaces.body.data.rows.some((r: { type: string }) => r.type === "pppoe-in")).toBe(false);
    const monitor = await post(fixture.ctx.technician, routerId, { command: "monitor", args: { interface: "ether1" } });
    expect(monitor.status).toBe(200);
    expect(monitor.body.data.rows[0]).toMatchObject({ name: "ether1", rx: expect.stringMatching(/bps$/) });
    const resource = await post(fixture.ctx.technician, routerId, { command: "resource" });
    expect(resource.body.data.rows).toContainEqual({ property: "RouterOS", value: expect.stringContaining("7.19.2") });
  });

  it("follows the permission table: billing may not diagnose, every diagnosing role may ping", async () => {
    for (const role of staffRoles) {
      const { status, body } = await post(fixture.ctx[role], routerId, { command: "ping", args: { address: "10.1.0.1", count: 1 } });
      if (can(role, "network:diagnose")) expect(status, role).toBe(200);
      else expect({ status, code: body.code }, role).toEqual({ status: 403, code: "forbidden" });
    }
    expect(can("technician", "network:diagnose")).toBe(true);
    expect(can("billing", "network:diagnose")).toBe(false);
  });

  it("gives every allowlist entry a known permission, and kick needs network:kick on its own", async () => {
    expect(diagnosticCommandNames.sort()).toEqual(["active-sessions", "interfaces", "kick", "monitor", "ping", "resource"]);
    for (const name of diagnosticCommandNames) expect(permissions).toContain(diagnosticCommands[name].permission);
    expect(diagnosticCommands.kick.permission).toBe("network:kick");
    // The entry's own permission is checked even when the route's check is bypassed.
    const billing = { ...actorOf(fixture.ctx.billing), role: "billing" as const };
    await expect(runDiagnostic(conn.db, billing, { routerId, command: "kick", args: { service: "ppp", name: "ACC-0001-R1" } })).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
    const [audit] = (await diagnosticAudits(fixture.tenant.id)).slice(-1);
    expect(audit.after).toMatchObject({ command: "kick", ok: false, error: { code: "forbidden" } });
    expect(sim.state.sessions.has("ACC-0001-R1")).toBe(true);
  });

  it("refuses unknown commands and malformed bodies with a 400 JSON error, and bad arguments with field errors", async () => {
    for (const command of ["system/reboot", "/system/reboot", "constructor", "__proto__"]) {
      const { status, body } = await post(fixture.ctx.owner, routerId, { command, args: {} });
      expect({ status, ok: body.ok, code: body.code }, command).toEqual({ status: 400, ok: false, code: "validation" });
      expect(body.message).toContain("is not an allowed diagnostic command");
    }
    const malformed = await post(fixture.ctx.owner, routerId, ["ping"]);
    expect(malformed.status).toBe(400);
    const formPost = await post(fixture.ctx.owner, routerId, { command: "ping", args: { address: "10.1.0.1" } }, "text/plain");
    expect({ status: formPost.status, message: formPost.body.message }).toEqual({ status: 400, message: "Send the request as application/json." });
    const badArgs = await post(fixture.ctx.technician, routerId, { command: "ping", args: { address: "10.0.0.1; /system reboot", count: 50 } });
    expect(badArgs.status).toBe(422);
    expect(badArgs.body.fieldErrors).toEqual({ address: ["Enter an IPv4 address like 10.0.0.1"], count: ["Count must be 1–10"] });
    const audits = await diagnosticAudits(fixture.tenant.id);
    expect(audits.filter((a) => (a.after as { command: string }).command === "system/reboot")).toHaveLength(1);
    expect(audits.at(-1)?.after).toMatchObject({ command: "ping", ok: false, error: { code: "validation" } });
  });

  it("strips NUL characters from the command and its arguments, then runs or refuses as usual and audits every attempt", async () => {
    const before = (await diagnosticAudits(fixture.tenant.id)).length;
    const ran = await post(fixture.ctx.technician, routerId, { command: "ping\u0000", args: { "addr\u0000ess": "10.1.0.1\u0000", count: 1 } });
    expect(ran.status).toBe(200);
    expect(ran.body.data.rows).toHaveLength(1);
    const refused = await post(fixture.ctx.technician, routerId, { command: "monitor", args: { interface: "\u0000", "\u0000": { "\u0000": ["\u0000"] } } });
    expect({ status: refused.status, fieldErrors: refused.body.fieldErrors }).toEqual({ status: 422, fieldErrors: { interface: expect.arrayContaining(["Choose an interface"]) } });
    const unknown = await post(fixture.ctx.technician, routerId, { command: "\u0000/system/reboot\u0000", args: { "\u0000": "\u0000" } });
    expect(unknown.status).toBe(400);
    const audits = (await diagnosticAudits(fixture.tenant.id)).slice(before);
    expect(audits.map((a) => a.after)).toEqual([
      { command: "ping", args: { address: "10.1.0.1", count: "1" }, ok: true, rows: 1 },
      expect.objectContaining({ command: "monitor", ok: false, error: expect.objectContaining({ code: "validation" }) }),
      expect.objectContaining({ command: "/system/reboot", ok: false, error: expect.objectContaining({ code: "validation" }) }),
    ]);
    expect(JSON.stringify(audits)).not.toContain("\\u0000");
  });

  it("reports RouterOS's own refusal, and a router that is down as a 502 with a clear message", async () => {
    const trap = await post(fixture.ctx.technician, routerId, { command: "monitor", args: { interface: "ether99" } });
    expect(trap.status).toBe(422);
    expect(trap.body.code).toBe("router_trap");
    expect(trap.body.message).toMatch(/^The router refused \/interface\/monitor-traffic: /);

    const gone = await startSimulator({ port: 0, username: "api", password: "s3cret" });
    const port = gone.port;
    await gone.stop();
    const downId = await addRouter(fixture.ctx.owner, "Down-hAP", port);
    const { status, body } = await post(fixture.ctx.technician, downId, { command: "resource" });
    expect(status).toBe(502);
    expect(body).toMatchObject({ ok: false, code: "router_unreachable", message: expect.stringContaining("Could not connect") });
    const [audit] = (await diagnosticAudits(fixture.tenant.id)).slice(-1);
    expect(audit).toMatchObject({ entityId: downId, after: { command: "resource", ok: false, error: { code: "router_unreachable" } } });
    expect(JSON.stringify(audit)).not.toContain("s3cret");
  });

  it("treats another tenant's router as not found and leaves its id out of the audit row", async () => {
    const other = await createTenantFixture(conn.db);
    const { status, body } = await post(other.ctx.technician, routerId, { command: "resource" });
    expect({ status, code: body.code }).toEqual({ status: 404, code: "not_found" });
    const [audit] = await diagnosticAudits(other.tenant.id);
    expect(audit).toMatchObject({ entityId: null, after: { command: "resource", ok: false, error: { code: "not_found" } } });
    expect(await diagnosticAudits(fixture.tenant.id)).not.toContainEqual(expect.objectContaining({ actorUserId: other.ctx.technician.userId }));
  });
});
