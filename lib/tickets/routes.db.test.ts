import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { sampleFiles } from "@/tests/support/sample-files";
import { useTemporaryStorage } from "@/tests/support/storage";
import { lazyBody, postRequest } from "@/tests/support/bodies";
import { uploadLimitBytes } from "@/lib/storage/service";
import { MAX_ATTACHMENTS } from "@/lib/tickets/rules";
import { requireStaffContext } from "@/lib/auth/session";
import { customers } from "@/lib/customers/schema";
import { storedFiles } from "@/lib/storage/schema";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";
import { POST } from "@/app/(app)/tickets/[ticketId]/messages/route";
import { GET } from "@/app/(app)/tickets/report/csv/route";
import { ticketMessages } from "./schema";
import { createTicket } from "./service";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let storage: ReturnType<typeof useTemporaryStorage>;
beforeAll(async () => {
  conn = await createTestDatabase();
  storage = useTemporaryStorage();
});
afterAll(async () => {
  storage?.cleanup();
  await conn?.close();
});

const as = (ctx: StaffContext) => vi.mocked(requireStaffContext).mockResolvedValue(ctx);

function post(ticketId: string, fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[] = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append("files", new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type }));
  return POST(new Request(`http://localhost/tickets/${ticketId}/messages`, { method: "POST", body: form, headers: { origin: "http://localhost" } }), {
    params: Promise.resolve({ ticketId }),
  });
}

describe("POST /tickets/<id>/messages", () => {
  it("stores a reply with its files; a refused file or an empty message is a 422 with field errors and writes nothing", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const other = await createTenantFixture(conn.db);
    const [customer] = await conn.db
      .insert(customers)
      .values({ tenantId: tenant.id, accountNumber: `ACC-${randomUUID().slice(0, 8)}`, name: "Juan Dela Cruz" })
      .returning();
    const ticket = await createTicket(
      conn.db,
      { kind: "staff", tenantId: tenant.id, userId: ctx.support.userId, userName: "support user" },
      {
        customerId: customer.id,
        subject: "Slow at night",
        description: "",
        category: "slow",
      },
    );

    as(ctx.technician);
    const ok = await post(ticket.id, { body: "Speed test photo attached", internal: "true" }, [
      { name: "speed.png", type: "image/png", bytes: sampleFiles.png },
      { name: "report.pdf", type: "application/pdf", bytes: sampleFiles.pdf },
    ]);
    expect(ok.status).toBe(201);
    const { data } = (await ok.json()) as { data: { id: string; internal: boolean; files: number } };
    expect(data).toMatchObject({ internal: true, files: 2 });
    const files = await conn.db.select().from(storedFiles).where(eq(storedFiles.ticketMessageId, data.id));
    expect(files.map((f) => f.filename).sort()).toEqual(["report.pdf", "speed.png"]);

    const bad = await post(ticket.id, { body: "Run this", internal: "false" }, [
      { name: "tool.png", type: "image/png", bytes: sampleFiles.windowsExe },
    ]);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.file).toHaveLength(1);
    const empty = await post(ticket.id, { body: "  ", internal: "false" });
    expect(((await empty.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.body).toEqual(["Write a message"]);
    const bodies = (await conn.db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id))).map((m) => m.body);
    expect(bodies).toEqual(["Speed test photo attached"]);

    as(other.ctx.owner);
    expect((await post(ticket.id, { body: "Hello", internal: "false" })).status).toBe(404);
  });

  it("stops a chunked body past five attachments' worth at the limit with a 413 and stores nothing; a malformed form is a 400", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const ticket = await createTicket(
      conn.db,
      { kind: "staff", tenantId: tenant.id, userId: ctx.support.userId, userName: "support user" },
      { subject: "No internet in Purok 3", description: "", category: "no_internet" },
    );
    as(ctx.support);
    const url = `http://localhost/tickets/${ticket.id}/messages`;
    const params = { params: Promise.resolve({ ticketId: ticket.id }) };
    const { stream, counter } = lazyBody(120 * 1024 * 1024);
    const huge = await POST(postRequest(url, stream, { "content-type": "multipart/form-data; boundary=x" }), params);
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ ok: false, code: "too_large", fieldErrors: { files: [expect.any(String)] } });
    expect(counter.pulled).toBeLessThan(MAX_ATTACHMENTS * uploadLimitBytes() + 2 * 1024 * 1024);
    const broken = await POST(postRequest(url, "--x\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhi", { "content-type": "multipart/form-data; boundary=x" }), params);
    expect(broken.status).toBe(400);
    expect(await conn.db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id))).toEqual([]);
    expect(await conn.db.select().from(storedFiles).where(eq(storedFiles.ticketId, ticket.id))).toEqual([]);
  });
});

describe("GET /tickets/report/csv", () => {
  it("needs reports:sla and a valid period", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const get = (query: string) => GET(new Request(`http://localhost/tickets/report/csv?${query}`), { params: Promise.resolve({}) });
    as(ctx.technician);
    expect((await get("from=2026-01-01&to=2026-03-31")).status).toBe(403);
    as(ctx.support);
    expect((await get("from=2026-03-31&to=2026-01-01")).status).toBe(422);
    const response = await get("from=2026-01-01&to=2026-03-31");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("sla-report-2026-01-01-to-2026-03-31.csv");
    const rows = Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, "").trim()).data;
    expect(rows[0][0]).toBe("Group");
  });
});
