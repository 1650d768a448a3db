import "server-only";
import { createHash } from "node:crypto";
import { AwsClient } from "aws4fetch";
import { env } from "@/lib/core/env";
import { outboundFetch } from "@/lib/core/outbound";
import { assertSafeKey, type StorageDriver } from "@/lib/storage/drivers/types";

export type S3Config = {
  /** Empty for AWS (`https://s3.<region>.amazonaws.com`); R2 `https://<account>.r2.cloudflarestorage.com`; Supabase `https://<ref>.supabase.co/storage/v1/s3`. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint host>/<key>`; defaults to true with a custom endpoint. */
  forcePathStyle?: boolean;
  /** Attempts after a 5xx or 429 answer (with backoff). */
  retries?: number;
};

const sha256Hex = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");
const EMPTY_SHA256 = sha256Hex("");
const TIMEOUT_MS = 60_000;
/** Stored files are at most UPLOAD_MAX_BYTES; rendered documents are smaller. */
const maxObjectBytes = () => Math.max(64 * 1024 * 1024, env().UPLOAD_MAX_BYTES);

/**
 * An S3-compatible bucket (AWS S3, Cloudflare R2, Supabase Storage's S3 endpoint) over plain fetch with
 * Signature V4. Uploads sign their payload hash (`x-amz-content-sha256`), so a body changed on the way is refused.
 */
export function s3Driver(config: S3Config): StorageDriver {
  const client = new AwsClient({ accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, service: "s3", region: config.region });
  const endpoint = new URL(config.endpoint ?? `https://s3.${config.region}.amazonaws.com`);
  const pathStyle = config.forcePathStyle ?? !!config.endpoint;
  const basePath = endpoint.pathname.replace(/\/+$/, "");

  const urlOf = (key: string) => {
    const encodedKey = assertSafeKey(key).split("/").map(encodeURIComponent).join("/");
    const url = new URL(endpoint);
    if (pathStyle) url.pathname = `${basePath}/${encodeURIComponent(config.bucket)}/${encodedKey}`;
    else {
      url.hostname = `${config.bucket}.${endpoint.hostname}`;
      url.pathname = `${basePath}/${encodedKey}`;
    }
    return url.toString();
  };

  // The endpoint is the operator's own setting (S3_ENDPOINT), so its host is trusted like the allowlist; a redirect
  // elsewhere is still checked by the outbound rules.
  const trustedHosts = [endpoint.hostname, `${config.bucket}.${endpoint.hostname}`];
  const retries = config.retries ?? 2;

  /** One signed request under the outbound rules; a 5xx or 429 is tried again, re-signed, after a short wait. */
  const send = async (url: string, init: RequestInit): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const response = await outboundFetch(await client.sign(url, init), undefined, {
        trustedHosts,
        timeoutMs: TIMEOUT_MS,
        maxBytes: maxObjectBytes(),
      });
      if (attempt >= retries || (response.status < 500 && response.status !== 429)) return response;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  };

  const fail = async (method: string, key: string, response: Response): Promise<never> => {
    const body = (await response.text().catch(() => "")).slice(0, 300);
    const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
    throw new Error(`S3 ${method} ${key} answered ${response.status}${code ? ` ${code}` : ""}`);
  };

  return {
    name: "s3",
    async put(key, bytes, contentType) {
      const response = await send(urlOf(key), {
        method: "PUT",
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { "content-type": contentType, "x-amz-content-sha256": sha256Hex(bytes) },
      });
      if (!response.ok) await fail("PUT", key, response);
      await response.body?.cancel();
    },
    async get(key) {
      const response = await send(urlOf(key), { method: "GET", headers: { "x-amz-content-sha256": EMPTY_SHA256 } });
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok) await fail("GET", key, response);
      return new Uint8Array(await response.arrayBuffer());
    },
    async delete(key) {
      const response = await send(urlOf(key), { method: "DELETE", headers: { "x-amz-content-sha256": EMPTY_SHA256 } });
      if (!response.ok && response.status !== 404) await fail("DELETE", key, response);
      await response.body?.cancel();
    },
  };
}
