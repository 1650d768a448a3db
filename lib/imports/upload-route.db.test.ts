import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { lazyBody, postRequest } from "@/tests/support/bodies";
import { requireStaffContext } from "@/lib/auth/session";
import { MULTIPART_OVERHEAD_BYTES } from "@/lib/core/body";
import { customers } from "@/lib/customers/schema";
import { importJobs } from "@/lib/imports/schema";
import { MAX_IMPORT_BYTES } from "@/lib/imports/fields";
import type { Connection } from "@/lib/db/connect";
import { POST } from "@/app/api/import/upload/route";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  fixture = await createTenantFixture(conn.db);
  vi.mocked(requireStaffContext).mockResolvedValue(fixture.ctx.admin);
});
afterAll(async () => conn?.close());

const url = "http://127.0.0.1/api/import/upload";
const send = (request: Request) => POST(request, { params: Promise.resolve({}) });
const rowsOfTenant = async () => ({
  jobs: (await conn.db.select({ n: count() }).from(importJobs).where(eq(importJobs.tenantId, fixture.tenant.id)))[0].n,
  customers: (await conn.db.select({ n: count() }).from(customers).where(eq(customers.tenantId, fixture.tenant.id)))[0].n,
});

describe("POST /api/import/upload refuses bodies it cannot take, as JSON", () => {
  it("stops a 120 MB chunked upload without Content-Length at the limit: 413, nothing stored, the rest never read", async () => {
    const { stream, counter } = lazyBody(120 * 1024 * 1024);
    const response = await send(postRequest(url, stream, { "content-type": "multipart/form-data; boundary=x" }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, code: "too_large", message: expect.stringMatching(/limit is 50 MB/) });
    // The stream reads a little ahead of the reader; what matters is that the other ~70 MB were never pulled.
    expect(counter.pulled).toBeLessThan(MAX_IMPORT_BYTES + MULTIPART_OVERHEAD_BYTES + 1024 * 1024);
    expect(await rowsOfTenant()).toEqual({ jobs: 0, customers: 0 });
  });

  it("answers a malformed multipart body with 400 and a body that is not a form with 415, never a 500", async () => {
    const broken = await send(
      postRequest(url, '--x\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\n\r\nname\nAna', {
        "content-type": "multipart/form-data; boundary=x",
      }),
    );
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ ok: false, code: "bad_request" });
    const notForm = await send(postRequest(url, "name\nAna\n", { "content-type": "text/csv" }));
    expect(notForm.status).toBe(415);
    expect(await notForm.json()).toMatchObject({ ok: false, code: "unsupported_media_type" });
    const noType = await send(postRequest(url, "name\nAna\n"));
    expect(noType.status).toBe(415);
    expect(await rowsOfTenant()).toEqual({ jobs: 0, customers: 0 });
  });

  it("still analyzes a well-formed upload", async () => {
    const form = new FormData();
    form.set("step", "analyze");
    form.set("file", new File(["name,phone\nAna Cruz,09171234567\n"], "customers.csv", { type: "text/csv" }));
    const response = await send(postRequest(url, form));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });
});
