import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { auditLog } from "@/lib/audit/schema";
import { customers } from "@/lib/customers/schema";
import { sentEmails } from "@/lib/mail/schema";
import { sendDueNotifications } from "@/lib/notify/outbox";
import { addDays, todayIn } from "@/lib/core/calendar";
import { executeAction } from "@/lib/core/action";
import { sendOverdueRemindersAction } from "@/lib/reports/actions/send-overdue-reminders";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
const invoice: Record<string, string> = {};
const customer: Record<string, string> = {};
let strangersInvoice: string;

beforeAll(async () => {
  conn = await createTestDatabase();
  fixture = await createTenantFixture(conn.db);
  const tenantId = fixture.tenant.id;
  // The action runs at the real "now", so due dates are relative to today in Manila.
  const today = todayIn("Asia/Manila");
  const add = async (key: string, email: string) => {
    const [row] = await conn.db
      .insert(customers)
      .values({ tenantId, name: `Customer ${key}`, email, accountNumber: `ACC-${key}` })
      .returning();
    customer[key] = row.id;
  };
  await add("ana", "ana@example.test");
  await add("ben", "");
  await add("cai", "   ");
  const owe = async (key: string, customerKey: string, daysPastDue: number, amount = 149_900) => {
    const dueDate = addDays(today, -daysPastDue);
    invoice[key] = (
      await insertInvoice(conn.db, {
        tenantId,
        customerId: customer[customerKey],
        number: `INV-2026-${key}`,
        issueDate: addDays(dueDate, -7),
        dueDate,
        lines: [{ amount }],
      })
    ).id;
  };
  await owe("A1", "ana", 12);
  await owe("A2", "ana", 40, 99_900);
  await owe("B1", "ben", 5);
  await owe("B2", "ben", 9);
  await owe("C1", "cai", 3);
  await owe("notDue", "ana", 0);
  await owe("paid", "ana", 20);
  await insertPayment(conn.db, { tenantId, customerId: customer.ana, amount: 149_900, allocateTo: [{ invoiceId: invoice.paid, amount: 149_900 }] });
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  const [stranger] = await conn.db
    .insert(customers)
    .values({ tenantId: other.tenant.id, name: "Stranger", email: "stranger@example.test", accountNumber: `ACC-${randomUUID().slice(0, 6)}` })
    .returning();
  strangersInvoice = (
    await insertInvoice(conn.db, {
      tenantId: other.tenant.id,
      customerId: stranger.id,
      issueDate: addDays(today, -30),
      dueDate: addDays(today, -23),
      lines: [{ amount: 5_000 }],
    })
  ).id;
});
afterAll(async () => conn?.close());

describe("sendOverdueRemindersAction", () => {
  it("queues a reminder to each overdue invoice's customer, audits each one, and counts customers it cannot reach", async () => {
    // Another ISP's invoice among the selection refuses the whole request: nothing is queued for anyone.
    await expect(
      executeAction(sendOverdueRemindersAction.definition, fixture.ctx.billing, { invoiceIds: [invoice.A1, strangersInvoice] }),
    ).rejects.toMatchObject({ code: "not_found" });
    const ids = [invoice.A1, invoice.A2, invoice.B1, invoice.B2, invoice.C1, invoice.notDue, invoice.paid, invoice.A1];
    const outcome = await executeAction(sendOverdueRemindersAction.definition, fixture.ctx.billing, { invoiceIds: ids });
    expect(outcome).toEqual({ sent: 2, customersWithoutEmail: 2, skipped: 2 });

    // Queued in the outbox; the dev mailbox has them once the sender has run.
    expect(await sendDueNotifications(conn.db)).toMatchObject({ sent: 2, dead: 0 });
    const mail = await conn.db.select().from(sentEmails).where(eq(sentEmails.tenantId, fixture.tenant.id)).orderBy(asc(sentEmails.subject));
    expect(mail.map((m) => [m.to, m.subject, m.status])).toEqual([
      ["ana@example.test", "Overdue: invoice INV-2026-A1", "stored"],
      ["ana@example.test", "Overdue: invoice INV-2026-A2", "stored"],
    ]);
    expect(mail[0].text).toContain("is 12 days overdue");
    expect(mail[0].text).toContain("₱1,499.00");
    expect(mail[1].text).toContain("₱999.00");
    expect(await conn.db.select().from(sentEmails).where(eq(sentEmails.to, "stranger@example.test"))).toEqual([]);

    const audits = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, fixture.tenant.id), eq(auditLog.action, "invoice.reminder_sent")))
      .orderBy(asc(auditLog.id));
    expect(audits.map((a) => [a.entityType, a.entityId, a.customerId, a.actorUserId])).toEqual([
      ["invoice", invoice.A2, customer.ana, fixture.ctx.billing.userId],
      ["invoice", invoice.A1, customer.ana, fixture.ctx.billing.userId],
    ]);
  });

  it("is refused to roles without billing:write and takes 1 to 500 invoice ids", async () => {
    for (const role of ["technician", "support"] as const) {
      await expect(executeAction(sendOverdueRemindersAction.definition, fixture.ctx[role], { invoiceIds: [invoice.A1] })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    await expect(executeAction(sendOverdueRemindersAction.definition, fixture.ctx.owner, { invoiceIds: [] })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { invoiceIds: ["Select at least one invoice"] },
    });
    const tooMany = Array.from({ length: 501 }, () => randomUUID());
    await expect(executeAction(sendOverdueRemindersAction.definition, fixture.ctx.owner, { invoiceIds: tooMany })).rejects.toMatchObject({
      fieldErrors: { invoiceIds: ["Select at most 500 invoices"] },
    });
    await expect(executeAction(sendOverdueRemindersAction.definition, fixture.ctx.owner, { invoiceIds: ["INV-1"] })).rejects.toMatchObject({
      fieldErrors: { "invoiceIds.0": ["Unknown invoice"] },
    });
    const fiveHundred = Array.from({ length: 500 }, () => randomUUID());
    await expect(executeAction(sendOverdueRemindersAction.definition, fixture.ctx.owner, { invoiceIds: fiveHundred })).rejects.toMatchObject({
      code: "not_found",
      message: "500 of the selected invoices could not be found. Reload the page and choose again.",
    });
  });
});
