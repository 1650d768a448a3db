import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { auditLog } from "@/lib/audit/schema";
import { customers } from "@/lib/customers/schema";
import { tickets, workLogs } from "@/lib/tickets/schema";
import { actorOf } from "@/lib/audit/record";
import { listWorkLogs, recordWorkLog, workLogInputSchema, type WorkLogInput } from "@/lib/tickets/work-logs";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
let ticketId: string;
let otherTicketId: string;
let customerId: string;

async function insertTicket(tenantId: string, number: number, customer: string | null) {
  const [row] = await conn.db
    .insert(tickets)
    .values({ tenantId, number, customerId: customer, subject: "No internet since morning", category: "no_internet" })
    .returning();
  return row.id;
}

beforeAll(async () => {
  conn = await createTestDatabase();
  fixture = await createTenantFixture(conn.db);
  const [customer] = await conn.db
    .insert(customers)
    .values({ tenantId: fixture.tenant.id, accountNumber: "ACC-1", name: "Maria Santos" })
    .returning();
  customerId = customer.id;
  ticketId = await insertTicket(fixture.tenant.id, 1, customer.id);
  otherTicketId = await insertTicket(fixture.tenant.id, 2, customer.id);
});
afterAll(async () => conn?.close());

const entry = (overrides: Partial<WorkLogInput> = {}): WorkLogInput => ({
  clientId: randomUUID(),
  ticketId,
  arrivedAt: "2026-11-26T01:00:00.000Z",
  departedAt: "2026-11-26T02:15:00.000Z",
  notes: "Replaced the drop cable; ONU re-registered.",
  materials: [{ item: "Drop cable", quantity: 30, unit: "m" }],
  recordedAt: "2026-11-26T02:16:00.000Z",
  ...overrides,
});

describe("technician work logs", () => {
  it("stores an entry sent twice (offline replay) once, audited once on the customer's timeline", async () => {
    const technician = actorOf(fixture.ctx.technician);
    const input = entry();
    const first = await recordWorkLog(conn.db, technician, input);
    const again = await recordWorkLog(conn.db, technician, input);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, workLog: { id: first.workLog.id } });
    const rows = await conn.db.select().from(workLogs).where(eq(workLogs.clientId, input.clientId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ technicianId: fixture.ctx.technician.userId, notes: input.notes, materials: input.materials });
    const audits = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, fixture.tenant.id), eq(auditLog.action, "ticket.work_logged")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ customerId, entityId: ticketId, after: { ticket: 1, materials: ["30 m Drop cable"] } });
  });

  it("replays concurrently without a duplicate", async () => {
    const input = entry();
    const results = await Promise.all([1, 2, 3].map(() => recordWorkLog(conn.db, actorOf(fixture.ctx.technician), input)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await conn.db.select().from(workLogs).where(eq(workLogs.clientId, input.clientId))).toHaveLength(1);
  });

  it("refuses an entry id already used on another ticket", async () => {
    const input = entry();
    await recordWorkLog(conn.db, actorOf(fixture.ctx.technician), input);
    await expect(recordWorkLog(conn.db, actorOf(fixture.ctx.technician), { ...input, ticketId: otherTicketId })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("reads another tenant's ticket as not found and stores nothing", async () => {
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    const input = entry();
    await expect(recordWorkLog(conn.db, actorOf(other.ctx.technician), input)).rejects.toMatchObject({ code: "not_found" });
    expect(await conn.db.select().from(workLogs).where(eq(workLogs.clientId, input.clientId))).toHaveLength(0);
  });

  it("validates: departure before arrival, an empty entry, bad materials", () => {
    const errors = (input: unknown) => workLogInputSchema.safeParse(input).error?.flatten().fieldErrors;
    expect(errors(entry({ departedAt: "2026-11-26T00:30:00.000Z" }))).toEqual({ departedAt: ["Departure must be after arrival"] });
    expect(errors(entry({ arrivedAt: null, departedAt: null, notes: "", materials: [] }))).toEqual({
      notes: ["Write what was done, or record a time or material"],
    });
    expect(errors(entry({ materials: [{ item: "", quantity: -1 }] }))).toHaveProperty("materials");
    expect(errors({ ...entry(), clientId: "nope" })).toHaveProperty("clientId");
  });

  it("lists a ticket's visits oldest first with the technician's name", async () => {
    const logs = await listWorkLogs(conn.db, { tenantId: fixture.tenant.id, ticketId });
    expect(logs.length).toBeGreaterThanOrEqual(2);
    expect(logs[0].technicianName).toBe("technician user");
    expect(logs.map((l) => +l.recordedAt)).toEqual([...logs.map((l) => +l.recordedAt)].sort((a, b) => a - b));
  });
});
