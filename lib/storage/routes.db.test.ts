import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { insertTicket, insertWorkLog, useTemporaryStorage } from "@/tests/support/storage";
import { sampleFiles } from "@/tests/support/sample-files";
import { requireStaffContext } from "@/lib/auth/session";
import { rolePermissions, type Permission } from "@/lib/auth/permissions";
import { actorOf } from "@/lib/audit/record";
import { storedFiles, type StoredFile } from "@/lib/storage/schema";
import { deleteStoredFile, storeFile } from "@/lib/storage/service";
import { contentDisposition } from "@/lib/storage/download";
import { GET } from "@/app/api/files/[fileId]/route";
import { POST } from "@/app/api/customers/[customerId]/documents/route";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let storage: ReturnType<typeof useTemporaryStorage>;
let a: Awaited<ReturnType<typeof createTenantFixture>>;
let b: Awaited<ReturnType<typeof createTenantFixture>>;
let customerId: string;
let contract: StoredFile;
let photo: StoredFile;
let attachment: StoredFile;
let workLogPhoto: StoredFile;

beforeAll(async () => {
  conn = await createTestDatabase();
  storage = useTemporaryStorage();
  a = await createTenantFixture(conn.db);
  b = await createTenantFixture(conn.db, { name: "Other ISP" });
  customerId = (await insertCustomer(conn.db, a.tenant.id)).id;
  const staff = actorOf(a.ctx.support);
  contract = await storeFile(conn.db, staff, {
    purpose: "customer_document",
    customerId,
    documentKind: "contract",
    title: 'Kontrata "Dela Cruz"; 2026 ñ',
    file: { name: "c.pdf", type: "application/pdf", bytes: sampleFiles.pdf },
  });
  photo = await storeFile(conn.db, staff, {
    purpose: "customer_document",
    customerId,
    documentKind: "installation_photo",
    file: { name: "roof.jpg", type: "image/jpeg", bytes: sampleFiles.jpeg },
  });
  const ticket = await insertTicket(conn.db, a.tenant.id, customerId);
  attachment = await storeFile(conn.db, staff, {
    purpose: "ticket_attachment",
    ticketId: ticket.id,
    file: { name: "modem.docx", type: "", bytes: sampleFiles.docx },
  });
  const log = await insertWorkLog(conn.db, a.tenant.id, ticket.id);
  workLogPhoto = await storeFile(conn.db, actorOf(a.ctx.technician), {
    purpose: "work_log_photo",
    workLogId: log.id,
    file: { name: "onu.png", type: "image/png", bytes: sampleFiles.png },
  });
});
afterAll(async () => {
  storage?.cleanup();
  await conn?.close();
});

const as = (ctx: StaffContext) => vi.mocked(requireStaffContext).mockResolvedValue({ ...ctx, db: conn.db });

async function download(ctx: StaffContext, fileId: string, query = "") {
  as(ctx);
  return GET(new Request(`http://127.0.0.1/api/files/${fileId}${query}`), { params: Promise.resolve({ fileId }) });
}

/** Runs `body` with `permission` taken away from `role`, as a role without it would be. */
async function without<T>(role: keyof typeof rolePermissions, permission: Permission, body: () => Promise<T>) {
  const granted = rolePermissions[role] as Set<Permission>;
  granted.delete(permission);
  try {
    return await body();
  } finally {
    granted.add(permission);
  }
}

describe("GET /api/files/[fileId]", () => {
  it("shows a PDF inline with our detected type, a safely encoded name, nosniff and no caching", async () => {
    const response = await download(a.ctx.billing, contract.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      `inline; filename="Kontrata Dela Cruz_ 2026 _.pdf"; filename*=UTF-8''Kontrata%20Dela%20Cruz%3B%202026%20%C3%B1.pdf`,
    );
    expect(contentDisposition('a"b\r\nSet-Cookie: x=1.pdf', false)).toBe(
      `attachment; filename="a_b__Set-Cookie_ x_1.pdf"; filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20x%3D1.pdf`,
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(sampleFiles.pdf);
  });

  it("saves instead of showing with ?download=1, and always for types a browser should not open (Word)", async () => {
    expect((await download(a.ctx.owner, photo.id, "?download=1")).headers.get("content-disposition")).toMatch(/^attachment; filename="roof.jpg"/);
    expect((await download(a.ctx.owner, photo.id)).headers.get("content-disposition")).toMatch(/^inline;/);
    const word = await download(a.ctx.support, attachment.id);
    expect(word.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(word.headers.get("content-disposition")).toMatch(/^attachment; filename="modem.docx"/);
  });

  it("lets a technician (tickets:view) read a ticket attachment and a work-log photo", async () => {
    expect((await download(a.ctx.technician, attachment.id)).status).toBe(200);
    const response = await download(a.ctx.technician, workLogPhoto.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
  });

  it("refuses a customer document to a role without documents:view (403) and a ticket attachment to one without tickets:view", async () => {
    await without("technician", "documents:view", async () => {
      const response = await download(a.ctx.technician, contract.id);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ ok: false, code: "forbidden" });
      expect((await download(a.ctx.technician, attachment.id)).status).toBe(200);
    });
    await without("billing", "tickets:view", async () => {
      expect((await download(a.ctx.billing, attachment.id)).status).toBe(403);
      expect((await download(a.ctx.billing, contract.id)).status).toBe(200);
    });
  });

  it("answers 404 JSON for another tenant's file, a deleted file, an unknown or malformed id, and 422 for a bad query", async () => {
    const deleted = await storeFile(conn.db, actorOf(a.ctx.owner), {
      purpose: "customer_document",
      customerId,
      file: { name: "old.pdf", type: "application/pdf", bytes: sampleFiles.pdf },
    });
    await deleteStoredFile(conn.db, actorOf(a.ctx.owner), { fileId: deleted.id });
    for (const [ctx, id, query, status] of [
      [b.ctx.owner, contract.id, "", 404],
      [a.ctx.owner, deleted.id, "", 404],
      [a.ctx.owner, "3f9a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "", 404],
      [a.ctx.owner, "..%2F..%2Fetc%2Fpasswd", "", 404],
      [a.ctx.owner, contract.id, "?download=yes", 422],
    ] as const) {
      const response = await download(ctx, id, query);
      expect(response.status, `${id}${query}`).toBe(status);
      expect(response.headers.get("content-type")).toContain("application/json");
    }
  });
});

describe("POST /api/customers/[customerId]/documents", () => {
  async function upload(ctx: StaffContext, target: string, fields: Record<string, string>, file?: File) {
    as(ctx);
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set("file", file);
    const request = new Request(`http://127.0.0.1/api/customers/${target}/documents`, {
      method: "POST",
      body: form,
      headers: { origin: "http://127.0.0.1" },
    });
    const response = await POST(request, { params: Promise.resolve({ customerId: target }) });
    return {
      status: response.status,
      body: (await response.json()) as { ok: boolean; data?: { id: string }; fieldErrors?: Record<string, string[]> },
    };
  }
  const fileOf = (bytes: Uint8Array, name: string, type = "application/octet-stream") => new File([bytes as Uint8Array<ArrayBuffer>], name, { type });

  it("stores a technician's installation photo for the customer (201)", async () => {
    const { status, body } = await upload(
      a.ctx.technician,
      customerId,
      { kind: "installation_photo", title: "" },
      fileOf(sampleFiles.webp, "pole.webp"),
    );
    expect(status).toBe(201);
    const [row] = await conn.db.select().from(storedFiles).where(eq(storedFiles.id, body.data!.id));
    expect(row).toMatchObject({ customerId, documentKind: "installation_photo", filename: "pole.webp", contentType: "image/webp" });
  });

  it("answers field errors: a program renamed .pdf, a missing file, an unknown kind; nothing is stored", async () => {
    const before = storage.keys().length;
    const exe = await upload(a.ctx.support, customerId, { kind: "contract" }, fileOf(sampleFiles.windowsExe, "contract.pdf", "application/pdf"));
    expect(exe.status).toBe(422);
    expect(exe.body.fieldErrors?.file?.[0]).toMatch(/program or script/);
    const missing = await upload(a.ctx.support, customerId, { kind: "contract" });
    expect(missing.body.fieldErrors?.file).toEqual(["Choose a file to upload."]);
    const kind = await upload(a.ctx.support, customerId, { kind: "selfie" }, fileOf(sampleFiles.pdf, "a.pdf"));
    expect(kind.status).toBe(422);
    expect(kind.body.fieldErrors?.kind).toEqual(["Choose what kind of document this is"]);
    expect(storage.keys().length).toBe(before);
  });

  it("refuses a body over the limit before reading it, another tenant's customer (404) and a role without documents:write (403)", async () => {
    as(a.ctx.support);
    const huge = new Request(`http://127.0.0.1/api/customers/${customerId}/documents`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(50 * 1024 * 1024), origin: "http://127.0.0.1" },
      body: "--x--",
    });
    const tooLarge = await POST(huge, { params: Promise.resolve({ customerId }) });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { fieldErrors: { file: string[] } }).fieldErrors.file[0]).toMatch(/larger than 10 MB/);
    const theirs = await upload(b.ctx.owner, customerId, { kind: "contract" }, fileOf(sampleFiles.pdf, "a.pdf"));
    expect(theirs.status).toBe(404);
    await without("support", "documents:write", async () => {
      expect((await upload(a.ctx.support, customerId, { kind: "contract" }, fileOf(sampleFiles.pdf, "a.pdf"))).status).toBe(403);
    });
  });
});
