import { describe, expect, it } from "vitest";
import { readBodyLimited, readFormLimited, readJsonLimited } from "@/lib/core/body";
import { lazyBody, postRequest } from "@/tests/support/bodies";
import { readSource, sourceFiles } from "@/tests/support/source-scan";

const MB = 1024 * 1024;

const post = (body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) => postRequest("http://127.0.0.1/upload", body, headers);

describe("readBodyLimited", () => {
  it("stops a 120 MB chunked body with no Content-Length at the limit: a 413, and little more than the limit was read", async () => {
    const { stream, counter } = lazyBody(120 * MB);
    await expect(readBodyLimited(post(stream), 2 * MB)).rejects.toMatchObject({ code: "too_large", status: 413 });
    expect(counter.pulled).toBeLessThan(3 * MB);
  });

  it("refuses a body whose Content-Length is over the limit before reading any of it", async () => {
    const { stream, counter } = lazyBody(10 * MB);
    await expect(readBodyLimited(post(stream, { "content-length": String(10 * MB) }), MB)).rejects.toMatchObject({ status: 413 });
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 * 2);
  });

  it("returns a body within the limit whole", async () => {
    const { stream } = lazyBody(MB + 5);
    expect((await readBodyLimited(post(stream), 2 * MB)).byteLength).toBe(MB + 5);
  });
});

describe("readFormLimited and readJsonLimited", () => {
  it("answers a malformed multipart body with a 400, and a body that is not a form with a 415", async () => {
    const broken = post("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nhalf", {
      "content-type": "multipart/form-data; boundary=x",
    });
    await expect(readFormLimited(broken, MB)).rejects.toMatchObject({ code: "bad_request", status: 400 });
    await expect(readFormLimited(post("name=a", { "content-type": "text/plain" }), MB)).rejects.toMatchObject({ status: 415 });
    await expect(readFormLimited(post("{}"), MB)).rejects.toMatchObject({ status: 415 });
  });

  it("reads a well-formed form, and JSON with a limit (not JSON reads as null)", async () => {
    const form = new FormData();
    form.set("step", "analyze");
    form.set("file", new File(["name\nAna\n"], "c.csv", { type: "text/csv" }));
    const parsed = await readFormLimited(new Request("http://127.0.0.1/upload", { method: "POST", body: form }), MB);
    expect(parsed.get("step")).toBe("analyze");
    expect(await (parsed.get("file") as File).text()).toBe("name\nAna\n");
    expect(await readJsonLimited(post('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJsonLimited(post("{not json"))).toBeNull();
    await expect(readJsonLimited(post(lazyBody(3 * MB).stream), MB)).rejects.toMatchObject({ status: 413 });
  });
});

describe("route handlers read bodies only with a limit", () => {
  /** Better Auth reads the body inside its handler, after the route has read it within its limit (readBodyLimited). */
  const readsItsOwnBody: string[] = [];

  it("no route calls request.formData(), .json(), .text(), .arrayBuffer() or .blob(), which read any size", () => {
    const routes = sourceFiles("app").filter((f) => f.endsWith("/route.ts") && !readsItsOwnBody.includes(f));
    expect(routes.length).toBeGreaterThan(20);
    const unbounded = routes.filter((f) => /\brequest\.(formData|json|text|arrayBuffer|blob)\(/.test(readSource(f)));
    expect(unbounded).toEqual([]);
  });
});

describe("Server Actions", () => {
  it("take at most 1 MB, a limit Next enforces while the body streams in (files go to the upload routes)", async () => {
    const configFile = "@/next.config.mjs";
    const { default: config } = (await import(/* @vite-ignore */ configFile)) as { default: { experimental?: { serverActions?: { bodySizeLimit?: string } } } };
    expect(config.experimental?.serverActions?.bodySizeLimit).toBe("1mb");
  });
});
