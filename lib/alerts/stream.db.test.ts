/* GET /api/network/events: the open-incident summary at once, and again when an incident changes. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { requireStaffContext } from "@/lib/auth/session";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";
import { clock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { GET } from "@/app/api/network/events/route";
import { incidents } from "./schema";
import { listAlertRules } from "./rules-service";
import { ruleFired } from "./incidents";
import { incidentEventStream } from "./stream";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
let router: { id: string; name: string };

beforeAll(async () => {
  conn = await createTestDatabase();
  fixture = await createTenantFixture(conn.db);
  router = await insertRouter(conn.db, fixture.tenant.id, { port: 1, password: "x", name: "Tower-2" });
});
afterAll(async () => conn?.close());

/** Reads the stream's `summary` events one by one. */
function summaries(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(): Promise<{ open: number; newest: { title: string; number: number }[] }> {
      for (;;) {
        const match = /event: summary\ndata: (.*)\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return JSON.parse(match[1]);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += decoder.decode(value, { stream: true });
      }
    },
    reader,
  };
}

const fire = async (name: string) =>
  ruleFired(conn.db, {
    tenantId: fixture.tenant.id,
    routerId: router.id,
    routerName: name,
    siteId: null,
    rule: (await listAlertRules(conn.db, { tenantId: fixture.tenant.id })).find((r) => r.kind === "router_unreachable")!,
    objectType: "router",
    label: "",
    value: null,
    flapping: false,
    at: clock.now(),
  });

async function open(ctx: StaffContext) {
  vi.mocked(requireStaffContext).mockResolvedValue(ctx);
  const abort = new AbortController();
  const response = await GET(new Request("http://127.0.0.1/api/network/events", { signal: abort.signal }), { params: Promise.resolve({}) });
  return { response, abort };
}

describe("GET /api/network/events", () => {
  it("sends the summary on connect, and an update when an incident opens", async () => {
    const { response, abort } = await open(fixture.ctx.billing);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = summaries(response.body!);
    expect((await events.next()).open).toBe(0);
    await fire("Tower-2");
    const update = await events.next();
    expect(update.open).toBe(1);
    expect(update.newest[0].title).toBe("Tower-2 unreachable");
    abort.abort();
    expect((await events.reader.read()).done).toBe(true);
  });

  it("notices a change made by another process through the newest update time", async () => {
    const abort = new AbortController();
    const events = summaries(incidentEventStream(fixture.ctx.owner.db, fixture.tenant.id, abort.signal, { checkEveryMs: 50 }));
    expect((await events.next()).open).toBe(1);
    // Written behind the engine's back: no in-process signal, only the row's updated_at.
    await conn.db
      .update(incidents)
      .set({ status: "resolved", updatedAt: new Date(clock.ms() + 1000) })
      .where(eq(incidents.tenantId, fixture.tenant.id));
    expect((await events.next()).open).toBe(0);
    abort.abort();
  });

  it("sends heartbeats while nothing changes", async () => {
    const abort = new AbortController();
    const reader = incidentEventStream(fixture.ctx.owner.db, fixture.tenant.id, abort.signal, { heartbeatMs: 30 }).getReader();
    let text = "";
    while (!text.includes(": keep-alive")) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
  });

  it("keeps tenants apart and answers a request without a session with a JSON error", async () => {
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    const { response, abort } = await open(other.ctx.technician);
    expect((await summaries(response.body!).next()).open).toBe(0);
    abort.abort();
    vi.mocked(requireStaffContext).mockRejectedValue(new AppError("unauthenticated", "Sign in again."));
    const denied = await GET(new Request("http://127.0.0.1/api/network/events"), { params: Promise.resolve({}) });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ ok: false, code: "unauthenticated" });
  });
});
