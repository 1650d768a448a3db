import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeS3 } from "@/tests/support/fake-s3";
import { s3Driver } from "@/lib/storage/drivers/s3";

// The URL tests look at where requests would go without sending them; the others reach the loopback bucket.
const outbound = vi.hoisted(() => ({ capturing: false, seen: [] as string[] }));
vi.mock("@/lib/core/outbound", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/core/outbound")>();
  return {
    ...real,
    outboundFetch: async (...args: Parameters<typeof real.outboundFetch>) => {
      if (!outbound.capturing) return real.outboundFetch(...args);
      outbound.seen.push(args[0] instanceof Request ? args[0].url : String(args[0]));
      return new Response(null, { status: 204 });
    },
  };
});

const keys = { accessKeyId: "AKIATESTNETSPHERE", secretAccessKey: "test-secret-key-for-the-loopback-bucket" };
const key = "7d0c8f3e-1b2a-4c5d-8e9f-0a1b2c3d4e5f/customer_document/2026/11/3f9a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
const bytes = new Uint8Array(Buffer.from("%PDF-1.7 a contract"));

describe("S3 driver against a loopback S3 (Supabase-style endpoint with a base path)", () => {
  let s3: Awaited<ReturnType<typeof startFakeS3>>;
  beforeAll(async () => {
    s3 = await startFakeS3({ bucket: "netsphere-files", region: "ap-southeast-1", basePath: "/storage/v1/s3", ...keys });
  });
  afterAll(async () => s3?.stop());
  const driver = () => s3Driver({ endpoint: s3.endpoint, region: "ap-southeast-1", bucket: "netsphere-files", ...keys, retries: 1 });

  it("PUTs to <endpoint>/<bucket>/<key>, signed, with the payload's SHA-256 and type; GET returns the bytes; DELETE removes them", async () => {
    await driver().put(key, bytes, "application/pdf");
    const put = s3.requests.at(-1)!;
    expect(put.method).toBe("PUT");
    expect(put.path).toBe(`/storage/v1/s3/netsphere-files/${key}`);
    expect(put.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIATESTNETSPHERE\/\d{8}\/ap-southeast-1\/s3\/aws4_request/);
    expect(put.headers["x-amz-content-sha256"]).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(put.headers["content-type"]).toBe("application/pdf");
    expect(s3.objects.get(key)?.body.toString()).toBe("%PDF-1.7 a contract");

    expect(Buffer.from((await driver().get(key))!).toString()).toBe("%PDF-1.7 a contract");
    expect(s3.requests.at(-1)).toMatchObject({ method: "GET", path: `/storage/v1/s3/netsphere-files/${key}` });
    expect(s3.requests.at(-1)!.headers["x-amz-content-sha256"]).toMatch(/^[0-9a-f]{64}$/);

    await driver().delete(key);
    expect(s3.requests.at(-1)).toMatchObject({ method: "DELETE", path: `/storage/v1/s3/netsphere-files/${key}` });
    expect(s3.objects.has(key)).toBe(false);
    expect(await driver().get(key)).toBeNull();
    await expect(driver().delete(key)).resolves.toBeUndefined();
  });

  it("fails loudly on a wrong secret (the fake verifies the signature) and on an outage after its retries", async () => {
    const wrong = s3Driver({ endpoint: s3.endpoint, region: "ap-southeast-1", bucket: "netsphere-files", ...keys, secretAccessKey: "not-it" });
    await expect(wrong.put(key, bytes, "application/pdf")).rejects.toThrow(/answered 403 SignatureDoesNotMatch/);
    s3.failNextWith(503, 503);
    await expect(driver().put(key, bytes, "application/pdf")).rejects.toThrow(/answered 503 InternalError/);
    s3.failNextWith(503);
    await expect(driver().put(key, bytes, "application/pdf")).resolves.toBeUndefined();
  });

  it("refuses keys that could leave the bucket's prefix before any request", async () => {
    const before = s3.requests.length;
    for (const bad of ["../other-tenant/file", "/absolute", "a/../../b", "a\\b", ""]) {
      await expect(driver().put(bad, bytes, "application/pdf")).rejects.toThrow(/Refused storage key/);
    }
    expect(s3.requests.length).toBe(before);
  });
});

describe("S3 driver URLs", () => {
  const seen: string[] = [];
  afterEach(() => {
    outbound.capturing = false;
    seen.length = 0;
  });
  const capture = () => {
    outbound.capturing = true;
    outbound.seen = seen;
  };

  it("uses virtual-hosted URLs on AWS when no endpoint is set, path-style for R2", async () => {
    capture();
    await s3Driver({ region: "ap-southeast-1", bucket: "isp-files", ...keys }).delete("t/customer_document/2026/11/f");
    await s3Driver({ endpoint: "https://acc123.r2.cloudflarestorage.com", region: "auto", bucket: "isp-files", ...keys }).delete(
      "t/customer_document/2026/11/f",
    );
    expect(seen).toEqual([
      "https://isp-files.s3.ap-southeast-1.amazonaws.com/t/customer_document/2026/11/f",
      "https://acc123.r2.cloudflarestorage.com/isp-files/t/customer_document/2026/11/f",
    ]);
  });
});
