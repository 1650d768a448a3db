/*
 * A loopback stand-in for an S3-compatible bucket (path-style: PUT/GET/DELETE <base>/<bucket>/<key>) that
 * checks every request the way S3 does: an AWS4-HMAC-SHA256 Authorization header whose signature verifies
 * with the test keys, x-amz-date, and an x-amz-content-sha256 that matches the body.
 */
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeS3Request = { method: string; path: string; headers: http.IncomingHttpHeaders; bodyBytes: number };

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

/** Recomputes the Signature V4 of a request from its method, path, query, signed headers and payload hash. */
function verifySignature(req: http.IncomingMessage, secretAccessKey: string, region: string): string | null {
  const auth = String(req.headers.authorization ?? "");
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
    auth,
  );
  if (!match) return "Authorization is not an AWS4-HMAC-SHA256 header";
  const [, , day, signedRegion, signedHeaders, signature] = match;
  if (signedRegion !== region) return `signed for region ${signedRegion}`;
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(day)) return "x-amz-date does not match the credential scope";
  const names = signedHeaders.split(";");
  for (const required of ["host", "x-amz-content-sha256", "x-amz-date"]) if (!names.includes(required)) return `${required} is not signed`;
  const url = new URL(req.url ?? "/", "http://fake");
  const query = [...url.searchParams]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join("&");
  const canonical = [
    req.method,
    url.pathname,
    query,
    names.map((n) => `${n}:${String(req.headers[n] ?? "").trim()}\n`).join(""),
    signedHeaders,
    String(req.headers["x-amz-content-sha256"]),
  ].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), "s3"), "aws4_request");
  return createHmac("sha256", key).update(toSign).digest("hex") === signature ? null : "SignatureDoesNotMatch";
}

export async function startFakeS3({
  bucket,
  accessKeyId,
  secretAccessKey,
  region,
  basePath = "",
}: {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  basePath?: string;
}) {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const requests: FakeS3Request[] = [];
  /** Answers the next request with this status instead (a provider outage). */
  let failNext: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = new URL(req.url ?? "/", "http://fake").pathname;
      requests.push({ method: req.method ?? "", path, headers: req.headers, bodyBytes: body.length });
      const reply = (status: number, code?: string, payload?: Buffer, headers: Record<string, string> = {}) => {
        res.writeHead(status, code ? { "content-type": "application/xml" } : headers);
        res.end(code ? `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>` : payload);
      };
      const forced = failNext.shift();
      if (forced) return reply(forced, "InternalError");
      if (!String(req.headers.authorization ?? "").includes(`Credential=${accessKeyId}/`)) return reply(403, "InvalidAccessKeyId");
      const problem = verifySignature(req, secretAccessKey, region);
      if (problem) return reply(403, problem === "SignatureDoesNotMatch" ? problem : "AccessDenied");
      const declaredHash = String(req.headers["x-amz-content-sha256"]);
      if (declaredHash !== "UNSIGNED-PAYLOAD" && declaredHash !== sha256(body)) return reply(400, "XAmzContentSHA256Mismatch");
      const prefix = `${basePath}/${bucket}/`;
      if (!path.startsWith(prefix) || path.length === prefix.length) return reply(404, "NoSuchBucket");
      const key = decodeURIComponent(path.slice(prefix.length));
      if (req.method === "PUT") {
        objects.set(key, { body, contentType: String(req.headers["content-type"] ?? "") });
        return reply(200, undefined, Buffer.alloc(0), { etag: `"${createHash("md5").update(body).digest("hex")}"` });
      }
      if (req.method === "GET") {
        const object = objects.get(key);
        if (!object) return reply(404, "NoSuchKey");
        return reply(200, undefined, object.body, { "content-type": object.contentType, "content-length": String(object.body.length) });
      }
      if (req.method === "DELETE") {
        objects.delete(key);
        return reply(204, undefined, Buffer.alloc(0));
      }
      return reply(405, "MethodNotAllowed");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}${basePath}`,
    objects,
    requests,
    failNextWith: (...statuses: number[]) => {
      failNext = statuses;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
