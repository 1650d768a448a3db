import fs from "node:fs";
import path from "node:path";
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { insertTicket, insertWorkLog, useTemporaryStorage } from "@/tests/support/storage";
import { sampleFiles } from "@/tests/support/sample-files";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { AppError } from "@/lib/core/errors";
import { executeAction } from "@/lib/core/action";
import { storedFiles } from "@/lib/storage/schema";
import { setStorageDriver } from "@/lib/storage/drivers";
import { localDriver } from "@/lib/storage/drivers/local";
import { deleteStoredFile, listFiles, readStoredFile, storeFile } from "@/lib/storage/service";
import { listCustomerDocuments } from "@/lib/storage/queries";
import { deleteDocumentAction } from "@/lib/storage/actions/documents";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let storage: ReturnType<typeof useTemporaryStorage>;
let a: Awaited<ReturnType<typeof createTenantFixture>>;
let b: Awaited<ReturnType<typeof createTenantFixture>>;
let customerId: string;
let otherCustomerId: string;
let theirCustomerId: string;

const pdf = (name = "contract.pdf") => ({ name, type: "application/pdf", bytes: sampleFiles.pdf });
/** A valid PDF header padded to `size` bytes. */
const largePdf = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set(sampleFiles.pdf);
  return bytes;
};
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};
const rowsOfTenant = (tenantId: string) => conn.db.select().from(storedFiles).where(eq(storedFiles.tenantId, tenantId));

beforeAll(async () => {
  conn = await createTestDatabase();
  storage = useTemporaryStorage();
  a = await createTenantFixture(conn.db);
  b = await createTenantFixture(conn.db, { name: "Other ISP" });
  customerId = (await insertCustomer(conn.db, a.tenant.id)).id;
  otherCustomerId = (await insertCustomer(conn.db, a.tenant.id, { name: "Maria Santos" })).id;
  theirCustomerId = (await insertCustomer(conn.db, b.tenant.id)).id;
});
afterAll(async () => {
  storage?.cleanup();
  await conn?.close();
});

describe("storeFile", () => {
  it("stores a customer document under <tenant>/<purpose>/<yyyy>/<mm>/<uuid> with its hash, title and an audit entry on the customer", async () => {
    const file = await storeFile(conn.db, actorOf(a.ctx.support), {
      purpose: "customer_document",
      customerId,
      documentKind: "contract",
      title: "Signed service contract",
      file: pdf("scan 001.pdf"),
    });
    const now = new Date();
    const month = String(now.getUTCMonth() + 1).padStart(2, "0");
    expect(file.storageKey).toBe(`${a.tenant.id}/customer_document/${now.getUTCFullYear()}/${month}/${file.id}`);
    expect(file.storageKey).not.toContain("scan");
    expect(file).toMatchObject({
      filename: "Signed service contract.pdf",
      contentType: "application/pdf",
      documentKind: "contract",
      sizeBytes: sampleFiles.pdf.byteLength,
      sha256: createHash("sha256").update(sampleFiles.pdf).digest("hex"),
      uploadedByUserId: a.ctx.support.userId,
    });
    expect(fs.readFileSync(path.join(storage.root, file.storageKey))).toEqual(Buffer.from(sampleFiles.pdf));
    const [audit] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "document.uploaded"), eq(auditLog.entityId, file.id)));
    expect(audit).toMatchObject({ tenantId: a.tenant.id, customerId, actorLabel: "support user" });
    expect(audit.after).toMatchObject({ filename: "Signed service contract.pdf", kind: "contract" });
  });

  it.each([
    ["a Windows program renamed .pdf", { name: "contract.pdf", type: "application/pdf", bytes: sampleFiles.windowsExe }, /program or script/],
    ["an SVG", { name: "logo.svg", type: "image/svg+xml", bytes: sampleFiles.svg }, /\.svg files/],
    ["an empty file", { name: "contract.pdf", type: "application/pdf", bytes: new Uint8Array() }, /empty/],
    ["an 11 MB scan", { name: "scan.pdf", type: "application/pdf", bytes: largePdf(11 * 1024 * 1024) }, /11 MB; files up to 10 MB/],
  ])("refuses %s with a field error on the file, storing nothing", async (_, file, message) => {
    const before = storage.keys().length;
    const error = await refusal(storeFile(conn.db, actorOf(a.ctx.owner), { purpose: "customer_document", customerId, file }));
    expect(error.code).toBe("validation");
    expect(error.fieldErrors?.file?.[0]).toMatch(message);
    expect(storage.keys().length).toBe(before);
  });

  it("refuses another tenant's customer as not found, writing nothing", async () => {
    const before = storage.keys().length;
    const error = await refusal(storeFile(conn.db, actorOf(a.ctx.owner), { purpose: "customer_document", customerId: theirCustomerId, file: pdf() }));
    expect(error.code).toBe("not_found");
    expect(storage.keys().length).toBe(before);
    expect(await rowsOfTenant(b.tenant.id)).toEqual([]);
  });

  it("leaves no row when the bytes cannot be written", async () => {
    const rowsBefore = (await rowsOfTenant(a.tenant.id)).length;
    setStorageDriver({ name: "down", put: () => Promise.reject(new Error("disk full")), get: async () => null, delete: async () => {} });
    try {
      const error = await refusal(storeFile(conn.db, actorOf(a.ctx.owner), { purpose: "customer_document", customerId, file: pdf() }));
      expect(error).toMatchObject({ code: "internal", message: expect.stringMatching(/could not be saved. Nothing was stored/) });
    } finally {
      setStorageDriver(localDriver(storage.root));
    }
    expect((await rowsOfTenant(a.tenant.id)).length).toBe(rowsBefore);
  });

  it("removes the bytes when the row cannot be written", async () => {
    const before = storage.keys();
    const ticket = await insertTicket(conn.db, a.tenant.id, customerId);
    await expect(
      storeFile(conn.db, actorOf(a.ctx.owner), { purpose: "ticket_attachment", ticketId: ticket.id, ticketMessageId: "not-a-uuid", file: pdf() }),
    ).rejects.toThrow();
    expect(storage.keys()).toEqual(before);
  });

  it("attaches ticket files and work-log photos to the ticket's customer; a replayed offline photo is stored once", async () => {
    const ticket = await insertTicket(conn.db, a.tenant.id, customerId);
    const attachment = await storeFile(conn.db, actorOf(a.ctx.support), {
      purpose: "ticket_attachment",
      ticketId: ticket.id,
      file: pdf("speedtest.png"),
    });
    expect(attachment).toMatchObject({ ticketId: ticket.id, customerId, documentKind: null, filename: "speedtest.png.pdf" });
    const log = await insertWorkLog(conn.db, a.tenant.id, ticket.id);
    const clientId = randomUUID();
    const photo = { name: "IMG_0001.JPG", type: "image/jpeg", bytes: sampleFiles.jpeg };
    const first = await storeFile(conn.db, actorOf(a.ctx.technician), { purpose: "work_log_photo", workLogId: log.id, clientId, file: photo });
    const before = storage.keys().length;
    const replay = await storeFile(conn.db, actorOf(a.ctx.technician), { purpose: "work_log_photo", workLogId: log.id, clientId, file: photo });
    expect(replay.id).toBe(first.id);
    const racing = randomUUID();
    const [one, two] = await Promise.all(
      [1, 2].map(() =>
        storeFile(conn.db, actorOf(a.ctx.technician), { purpose: "work_log_photo", workLogId: log.id, clientId: racing, file: photo }),
      ),
    );
    expect(one.id).toBe(two.id);
    expect(first).toMatchObject({ workLogId: log.id, ticketId: ticket.id, customerId, contentType: "image/jpeg" });
    // One object for the replayed photo (none added) and one for the racing pair (the loser's removed).
    expect(storage.keys().length).toBe(before + 1);
    expect((await listFiles(conn.db, { tenantId: a.tenant.id, ticketId: ticket.id })).map((f) => f.id).sort()).toEqual(
      [attachment.id, first.id, one.id].sort(),
    );
    expect((await listFiles(conn.db, { tenantId: a.tenant.id, workLogId: log.id })).map((f) => f.id).sort()).toEqual([first.id, one.id].sort());
    expect(await listFiles(conn.db, { tenantId: b.tenant.id, ticketId: ticket.id })).toEqual([]);
  });

  it("lets a subscriber attach only to their own ticket", async () => {
    const theirs = await insertTicket(conn.db, a.tenant.id, otherCustomerId);
    const subscriber = { tenantId: a.tenant.id, customerId };
    const error = await refusal(storeFile(conn.db, subscriber, { purpose: "ticket_attachment", ticketId: theirs.id, file: pdf() }));
    expect(error.code).toBe("not_found");
    const own = await insertTicket(conn.db, a.tenant.id, customerId);
    const file = await storeFile(conn.db, subscriber, { purpose: "ticket_attachment", ticketId: own.id, file: pdf() });
    expect(file).toMatchObject({ uploadedByCustomer: customerId, uploadedByUserId: null });
    expect((await listFiles(conn.db, { tenantId: a.tenant.id, ticketId: own.id }))[0].uploaderName).toBe("Customer");
  });
});

describe("readStoredFile, deleteStoredFile and the delete action", () => {
  it("reads a tenant's own file only; deleting it is audited on the customer's timeline and its bytes are gone", async () => {
    const file = await storeFile(conn.db, actorOf(a.ctx.owner), {
      purpose: "customer_document",
      customerId,
      documentKind: "id",
      file: pdf("id.pdf"),
    });
    expect((await readStoredFile(conn.db, { tenantId: a.tenant.id, fileId: file.id }))?.bytes).toEqual(sampleFiles.pdf);
    expect(await readStoredFile(conn.db, { tenantId: b.tenant.id, fileId: file.id })).toBeNull();
    expect(await readStoredFile(conn.db, { tenantId: a.tenant.id, fileId: "../../etc/passwd" })).toBeNull();

    expect((await refusal(executeAction(deleteDocumentAction.definition, { ...a.ctx.support, db: conn.db }, { fileId: file.id }))).code).toBe(
      "forbidden",
    );
    expect((await refusal(executeAction(deleteDocumentAction.definition, { ...b.ctx.owner, db: conn.db }, { fileId: file.id }))).code).toBe(
      "not_found",
    );
    await executeAction(deleteDocumentAction.definition, { ...a.ctx.admin, db: conn.db }, { fileId: file.id });

    expect(fs.existsSync(path.join(storage.root, file.storageKey))).toBe(false);
    const [row] = await conn.db.select().from(storedFiles).where(eq(storedFiles.id, file.id));
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(await readStoredFile(conn.db, { tenantId: a.tenant.id, fileId: file.id })).toBeNull();
    const [audit] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "document.deleted"), eq(auditLog.entityId, file.id)));
    expect(audit).toMatchObject({ tenantId: a.tenant.id, customerId, actorLabel: "admin user" });
    expect(audit.before).toMatchObject({ filename: "id.pdf", kind: "id" });
    expect((await refusal(deleteStoredFile(conn.db, actorOf(a.ctx.admin), { fileId: file.id }))).code).toBe("not_found");
  });

  it("the documents action deletes customer documents only, not ticket attachments", async () => {
    const ticket = await insertTicket(conn.db, a.tenant.id, customerId);
    const attachment = await storeFile(conn.db, actorOf(a.ctx.support), { purpose: "ticket_attachment", ticketId: ticket.id, file: pdf() });
    const error = await refusal(executeAction(deleteDocumentAction.definition, { ...a.ctx.owner, db: conn.db }, { fileId: attachment.id }));
    expect(error.code).toBe("not_found");
    expect(fs.existsSync(path.join(storage.root, attachment.storageKey))).toBe(true);
  });
});

describe("listCustomerDocuments", () => {
  it("lists the customer's live documents newest first, searched by name and filtered by kind, 25 a page", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id, { name: "Pedro Reyes" });
    for (let i = 1; i <= 27; i++) {
      await storeFile(conn.db, actorOf(a.ctx.support), {
        purpose: "customer_document",
        customerId: customer.id,
        documentKind: i === 27 ? "installation_photo" : "other",
        title: i === 27 ? "Roof mount 100%" : `Receipt ${i}`,
        file: i === 27 ? { name: "roof.jpg", type: "image/jpeg", bytes: sampleFiles.jpeg } : pdf(),
      });
    }
    const first = await listCustomerDocuments(conn.db, { tenantId: a.tenant.id, customerId: customer.id });
    expect(first.rows).toHaveLength(25);
    expect(first.hasMore).toBe(true);
    expect(first.rows[0]).toMatchObject({ filename: "Roof mount 100%.jpg", uploaderName: "support user" });
    expect(first.rows[0]).not.toHaveProperty("storageKey");
    const second = await listCustomerDocuments(conn.db, { tenantId: a.tenant.id, customerId: customer.id, page: 2 });
    expect(second).toMatchObject({ hasMore: false });
    expect(second.rows.map((r) => r.filename)).toEqual(["Receipt 2.pdf", "Receipt 1.pdf"]);
    const search = (q: string) => listCustomerDocuments(conn.db, { tenantId: a.tenant.id, customerId: customer.id, q });
    expect((await search("100%")).rows.map((r) => r.filename)).toEqual(["Roof mount 100%.jpg"]);
    expect((await search("receipt 1")).rows).toHaveLength(11);
    const photos = await listCustomerDocuments(conn.db, { tenantId: a.tenant.id, customerId: customer.id, kind: "installation_photo" });
    expect(photos.rows).toHaveLength(1);
    expect((await listCustomerDocuments(conn.db, { tenantId: b.tenant.id, customerId: customer.id })).rows).toEqual([]);
  });
});
