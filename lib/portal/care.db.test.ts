/*
 * The subscriber's tickets and profile through the portal's actions and routes: only their own tickets and
 * public replies, their contact changes audited as theirs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { useTemporaryStorage } from "@/tests/support/storage";
import { sampleFiles } from "@/tests/support/sample-files";
import { auditLog } from "@/lib/audit/schema";
import { customers } from "@/lib/customers/schema";
import { AppError } from "@/lib/core/errors";
import { getPreferences } from "@/lib/notify/preferences";
import { createPortalSession, findPortalSession } from "@/lib/portal/sessions";
import { executePortalAction } from "@/lib/portal/action";
import { createPortalTicketAction, replyPortalTicketAction } from "@/lib/portal/actions/tickets";
import { savePortalPreferencesAction, updatePortalContactAction } from "@/lib/portal/actions/profile";
import { PORTAL_COOKIE } from "@/lib/portal/rules";
import { addTicketMessage } from "@/lib/tickets/service";
import { getCustomerTicket, listCustomerTickets } from "@/lib/tickets/customer";
import { GET as ticketFile } from "@/app/api/portal/tickets/[ticketId]/files/[fileId]/route";
import type { PortalContext } from "@/lib/portal/context";
import type { Connection } from "@/lib/db/connect";

const browser = vi.hoisted(() => ({ cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name)! } : undefined) }),
  headers: async () => new Headers({ "user-agent": "Vitest browser" }),
}));

let conn: Connection;
let storage: ReturnType<typeof useTemporaryStorage>;
let isp: Awaited<ReturnType<typeof createTenantFixture>>;
let alice: PortalContext & { token: string };
let bob: PortalContext & { token: string };

async function signedIn(tenantId: string, accountNumber: string, name: string) {
  const customer = await insertCustomer(conn.db, tenantId, { accountNumber, name, email: `${accountNumber.toLowerCase()}@example.ph`, phone: "0917 000 0000" });
  const { token } = await createPortalSession(conn.db, { tenantId, customerId: customer.id });
  const session = (await findPortalSession(conn.db, token))!;
  return { ...session, db: conn.db, ipAddress: null, userAgent: "Vitest browser", token };
}

beforeAll(async () => {
  conn = await createTestDatabase();
  storage = useTemporaryStorage();
  (globalThis as { netsphereDb?: Promise<Connection> }).netsphereDb = Promise.resolve(conn);
  isp = await createTenantFixture(conn.db, { name: "Lipa Fiber" });
  alice = await signedIn(isp.tenant.id, "LF-0101", "Alice Santos");
  bob = await signedIn(isp.tenant.id, "LF-0102", "Bob Reyes");
});
afterAll(async () => {
  storage?.cleanup();
  await conn?.close();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? e.code : "crashed"),
  );

describe("tickets in the portal", () => {
  it("a subscriber opens a ticket, sees only public replies, and a neighbour sees nothing of it", async () => {
    const { id } = await executePortalAction(createPortalTicketAction.definition, alice, {
      category: "slow",
      subject: "Slow every evening",
      description: "Speed drops to 2 Mbps from 7 to 11 pm, on cable too.",
    });
    const support = { kind: "staff" as const, tenantId: isp.tenant.id, userId: isp.ctx.support.userId, userName: "Sam Support" };
    await addTicketMessage(conn.db, support, { ticketId: id, body: "Checking the Lipa node, please hold on.", kind: "reply" });
    await addTicketMessage(conn.db, support, { ticketId: id, body: "Node 3 congested, upgrade planned.", kind: "internal_note" });

    const mine = await getCustomerTicket(conn.db, { tenantId: isp.tenant.id, customerId: alice.customerId, ticketId: id });
    expect(mine?.ticket).toMatchObject({ subject: "Slow every evening", category: "slow", status: "new" });
    expect(mine?.messages.map((m) => m.body)).toEqual(["Checking the Lipa node, please hold on."]);
    expect(mine?.sla.firstResponse.status).toBe("met");

    expect(await getCustomerTicket(conn.db, { tenantId: isp.tenant.id, customerId: bob.customerId, ticketId: id })).toBeNull();
    expect((await listCustomerTickets(conn.db, { tenantId: isp.tenant.id, customerId: bob.customerId })).rows).toEqual([]);
    expect(await failure(executePortalAction(replyPortalTicketAction.definition, bob, { ticketId: id, body: "Let me in" }))).toBe("not_found");

    await executePortalAction(replyPortalTicketAction.definition, alice, { ticketId: id, body: "Thanks, still slow tonight." });
    const after = await getCustomerTicket(conn.db, { tenantId: isp.tenant.id, customerId: alice.customerId, ticketId: id });
    expect(after?.messages.map((m) => [m.authorType, m.body])).toEqual([
      ["staff", "Checking the Lipa node, please hold on."],
      ["customer", "Thanks, still slow tonight."],
    ]);
  });

  it("refuses an empty or too short ticket with field errors", async () => {
    const outcome = await executePortalAction(createPortalTicketAction.definition, alice, { category: "nonsense", subject: "", description: "short" }).catch(
      (e: AppError) => e.fieldErrors,
    );
    expect(Object.keys(outcome as object).sort()).toEqual(["category", "description", "subject"]);
  });

  it("files on public replies download for the ticket's subscriber only", async () => {
    const { id } = await executePortalAction(createPortalTicketAction.definition, alice, {
      category: "no_internet",
      subject: "Red LOS light",
      description: "The modem shows a red LOS light since this morning.",
    });
    const support = { kind: "staff" as const, tenantId: isp.tenant.id, userId: isp.ctx.support.userId, userName: "Sam Support" };
    const { files } = await addTicketMessage(conn.db, support, {
      ticketId: id,
      body: "Here is how the light should look.",
      kind: "reply",
      files: [{ name: "modem.png", type: "image/png", bytes: sampleFiles.png }],
    });
    const get = (token: string, fileId: string) => {
      browser.cookies.set(PORTAL_COOKIE, token);
      return ticketFile(new Request(`http://127.0.0.1/api/portal/tickets/${id}/files/${fileId}`), { params: Promise.resolve({ ticketId: id, fileId }) });
    };
    const ok = await get(alice.token, files[0].id);
    expect(ok.status).toBe(200);
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(sampleFiles.png);
    expect((await get(bob.token, files[0].id)).status).toBe(404);

    const { files: noteFiles } = await addTicketMessage(conn.db, support, {
      ticketId: id,
      body: "Internal photo",
      kind: "internal_note",
      files: [{ name: "olt.png", type: "image/png", bytes: sampleFiles.png }],
    });
    expect((await get(alice.token, noteFiles[0].id)).status).toBe(404);
  });
});

describe("the subscriber's profile", () => {
  it("changes email and phone only, audited as the subscriber's own change", async () => {
    await conn.db.update(customers).set({ notes: "Gate code 1234", tags: ["vip"] }).where(eq(customers.id, alice.customerId));
    await executePortalAction(updatePortalContactAction.definition, alice, { email: "Alice.New@Example.ph", phone: "0918 222 3333" });
    const [row] = await conn.db.select().from(customers).where(eq(customers.id, alice.customerId));
    expect(row).toMatchObject({ email: "alice.new@example.ph", phone: "0918 222 3333", notes: "Gate code 1234", tags: ["vip"], name: "Alice Santos" });
    expect(row.searchText).toContain("alice.new@example.ph");
    const [entry] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.customerId, alice.customerId), eq(auditLog.action, "customer.updated")));
    expect(entry).toMatchObject({ actorUserId: null, actorLabel: "Alice Santos (subscriber portal)" });
    expect(entry.after).toEqual({ email: "alice.new@example.ph", phone: "0918 222 3333" });
    expect(await failure(executePortalAction(updatePortalContactAction.definition, alice, { email: "not-an-email", phone: "" }))).toBe("validation");
  });

  it("saves notification channels and addresses for the subscriber only", async () => {
    await executePortalAction(savePortalPreferencesAction.definition, alice, {
      channels: ["email", "telegram"],
      optOut: false,
      telegramChatId: "123456789",
      whatsappNumber: "",
    });
    expect(await getPreferences(conn.db, { tenantId: isp.tenant.id, customerId: alice.customerId })).toMatchObject({
      channels: ["email", "telegram"],
      telegramChatId: "123456789",
      saved: true,
    });
    expect((await getPreferences(conn.db, { tenantId: isp.tenant.id, customerId: bob.customerId })).saved).toBe(false);
    expect(
      await failure(executePortalAction(savePortalPreferencesAction.definition, alice, { channels: ["whatsapp"], optOut: false, telegramChatId: "", whatsappNumber: "" })),
    ).toBe("validation");
  });
});
