import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { insertInvoice } from "@/tests/support/billing";
import { createBillingTenant, insertCustomer } from "@/tests/support/billing-documents";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { invoices } from "@/lib/billing/schema";
import { sentEmailAttachments, sentEmails } from "@/lib/mail/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { sendDueNotifications } from "@/lib/notify/outbox";
import { emailInvoice } from "./email";
import { tenants } from "@/lib/tenants/schema";
import type { Connection } from "@/lib/db/connect";

const ONE_PIXEL_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const smtp = vi.hoisted(() => ({ url: undefined as string | undefined }));
vi.mock("@/lib/core/env", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/core/env")>();
  return { ...original, env: () => ({ ...original.env(), SMTP_URL: smtp.url }) };
});

/** Just enough of an SMTP server: accepts every message (or refuses every recipient) and keeps what it got. */
function startFakeSmtp({ refuseRecipients = false } = {}) {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = "";
    let inData = false;
    socket.write("220 fake ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol === -1) return;
        const command = buffer.slice(0, eol).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (command.startsWith("EHLO")) socket.write("250-fake\r\n250 8BITMIME\r\n");
        else if (command.startsWith("RCPT") && refuseRecipients) socket.write("550 no such user\r\n");
        else if (command.startsWith("DATA")) {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (command.startsWith("QUIT")) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  return new Promise<{ url: string; messages: string[]; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

let conn: Connection;
let fixture: Awaited<ReturnType<typeof createBillingTenant>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  fixture = await createBillingTenant(conn.db);
});
afterAll(async () => {
  smtp.url = undefined;
  await conn?.close();
});

describe("emailing an invoice through SMTP", () => {
  it("sends the stored PDF as an attachment and keeps no copy of the body", async () => {
    const server = await startFakeSmtp();
    smtp.url = server.url;
    try {
      await conn.db.update(tenants).set({ logoDataUrl: ONE_PIXEL_PNG }).where(eq(tenants.id, fixture.tenant.id));
      const customer = await insertCustomer(conn.db, fixture.tenant.id, { email: "juan@example.com" });
      const invoice = await insertInvoice(conn.db, {
        tenantId: fixture.tenant.id,
        customerId: customer.id,
        number: "INV-2026-000777",
        lines: [{ amount: 1499_00 }],
      });
      const result = await emailInvoice(conn.db, actorOf(fixture.ctx.billing), { invoiceId: invoice.id });

      expect(server.messages).toHaveLength(1);
      const message = server.messages[0];
      expect(message).toContain("Subject: Invoice INV-2026-000777 from Batangas Fiber Net");
      // Sent under the ISP's name, from the operator's address: the subscriber never sees "NetSphere" as the sender.
      expect(message).toMatch(/^From: "?Batangas Fiber Net"? <[^>]+>\r?$/m);
      expect(message).toMatch(/Content-Type: application\/pdf; name=INV-2026-000777\.pdf/);
      const base64 = message.split(/filename=INV-2026-000777\.pdf\r\n\r\n/)[1].split("\r\n--")[0];
      expect(Buffer.from(base64.replace(/\r\n/g, ""), "base64").subarray(0, 5).toString("latin1")).toBe("%PDF-");

      // Mail apps that show HTML get the ISP's colour and logo; the logo travels inside the message.
      const decoded = message.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      expect(decoded).toMatch(/Content-Type: text\/html/);
      expect(decoded).toContain(`background:${fixture.tenant.brandColor}`);
      expect(decoded).toContain('src="cid:isp-logo"');
      expect(decoded).toMatch(/Content-Id: <isp-logo>/i);

      expect(result.status).toBe("sent");
      const [mail] = await conn.db.select().from(sentEmails).where(eq(sentEmails.id, result.emailId!));
      expect(mail).toMatchObject({ transport: "smtp", status: "sent", text: "(delivered by SMTP; the message body is not stored)" });
      expect(await conn.db.select().from(sentEmailAttachments).where(eq(sentEmailAttachments.emailId, mail.id))).toHaveLength(1);
    } finally {
      smtp.url = undefined;
      await server.close();
    }
  });

  it("says so when the mail server refuses, records the failure and does not mark the invoice emailed", async () => {
    const server = await startFakeSmtp({ refuseRecipients: true });
    smtp.url = server.url;
    try {
      const customer = await insertCustomer(conn.db, fixture.tenant.id, { email: "nobody@example.com" });
      const invoice = await insertInvoice(conn.db, {
        tenantId: fixture.tenant.id,
        customerId: customer.id,
        number: "INV-2026-000778",
        lines: [{ amount: 1499_00 }],
      });
      await expect(emailInvoice(conn.db, actorOf(fixture.ctx.billing), { invoiceId: invoice.id })).rejects.toMatchObject({ code: "internal" });
      const [after] = await conn.db.select().from(invoices).where(eq(invoices.id, invoice.id));
      expect(after.emailedAt).toBeNull();
      const [mail] = await conn.db.select().from(sentEmails).where(eq(sentEmails.to, "nobody@example.com"));
      expect(mail).toMatchObject({ transport: "smtp", status: "failed" });
      const audits = await conn.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, invoice.id), eq(auditLog.action, "invoice.emailed")));
      expect(audits).toEqual([]);
    } finally {
      smtp.url = undefined;
      await server.close();
    }
  });

  it("queues the email when the mail server cannot be reached, and the outbox delivers it once the server is back", async () => {
    const server = await startFakeSmtp();
    const port = Number(new URL(server.url).port);
    await server.close();
    smtp.url = `smtp://127.0.0.1:${port}`;
    try {
      const customer = await insertCustomer(conn.db, fixture.tenant.id, { email: "later@example.com" });
      const invoice = await insertInvoice(conn.db, {
        tenantId: fixture.tenant.id,
        customerId: customer.id,
        number: "INV-2026-000779",
        lines: [{ amount: 1499_00 }],
      });
      const result = await emailInvoice(conn.db, actorOf(fixture.ctx.billing), { invoiceId: invoice.id });
      expect(result).toMatchObject({ to: "later@example.com", status: "queued", emailId: null, emailedAt: null });
      const [queued] = await conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, result.outboxId));
      expect(queued).toMatchObject({ status: "failed", attempts: 1, event: "invoice_issued", channel: "email" });
      expect(queued.lastError).toMatch(/ECONNREFUSED/);

      const back = await startFakeSmtp();
      smtp.url = back.url;
      try {
        const later = new Date(Date.now() + 2 * 60_000);
        expect(await sendDueNotifications(conn.db, { ids: [result.outboxId], now: () => later })).toMatchObject({ sent: 1 });
        expect(back.messages).toHaveLength(1);
        expect(back.messages[0]).toContain("Subject: Invoice INV-2026-000779 from Batangas Fiber Net");
        expect(back.messages[0]).toMatch(/Content-Type: application\/pdf; name=INV-2026-000779\.pdf/);
      } finally {
        await back.close();
      }
    } finally {
      smtp.url = undefined;
    }
  });
});
