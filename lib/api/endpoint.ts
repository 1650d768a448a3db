/*
 * The one way to write a public API route (/api/v1): an endpoint is declared once — method, path, scope, zod
 * schemas for its path, query, body and answer — and that declaration both serves the route (`apiHandler`) and
 * writes the OpenAPI document (openapi.ts). The handler does: API key → address allowlist → ISP active →
 * rate limit → scope → parse → Idempotency-Key → the domain function → audit, and turns every failure into an
 * RFC 9457 problem. No route writes its own try/catch.
 */
import "server-only";
import type { z } from "zod";
import { authenticateApiKey, presentedKey, type ApiKey } from "@/lib/api/keys";
import { scopeAllows } from "@/lib/api/rules";
import type { ApiScope } from "@/lib/api/values";
import { beginIdempotent, finishIdempotent, abandonIdempotent } from "@/lib/api/idempotency";
import { problemResponse } from "@/lib/api/problems";
import { countAttempt } from "@/lib/auth/throttle";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { fieldErrorsOf, withoutNul } from "@/lib/core/action";
import { readTextLimited, JSON_BODY_MAX_BYTES } from "@/lib/core/body";
import { clientIp } from "@/lib/core/client-ip";
import { clock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { sha256 } from "@/lib/core/crypto";
import { getDb, tenantDb } from "@/lib/db";
import type { Db } from "@/lib/db/types";
import { tenantLocale } from "@/lib/tenants/queries";
import { tenantWritesBlocked } from "@/lib/tenants/standing-service";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** Who is calling: the key, its ISP (never from input) and the handle bound to that ISP. */
export type ApiContext = {
  db: Db;
  tenantId: string;
  timeZone: string;
  currency: string;
  key: Pick<ApiKey, "id" | "name" | "scopes">;
  /** What domain functions record as the actor: the key's name, no user. */
  actor: TenantActor;
  request: Request;
};

type AnyObject = z.ZodObject<z.ZodRawShape>;

export type Endpoint<P extends AnyObject | undefined, Q extends AnyObject | undefined, B extends z.ZodType | undefined> = {
  method: HttpMethod;
  /** OpenAPI form, under /api/v1: `/customers/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  scope: ApiScope;
  params?: P;
  query?: Q;
  body?: B;
  /** The answer's schema (documentation and the contract test); `binary` for a file. */
  response: z.ZodType | { binary: string };
  /** 200 unless the endpoint creates something (201). */
  status?: 200 | 201;
  handle: (
    ctx: ApiContext,
    input: {
      params: P extends AnyObject ? z.output<P> : Record<string, never>;
      query: Q extends AnyObject ? z.output<Q> : Record<string, never>;
      body: B extends z.ZodType ? z.output<B> : undefined;
    },
  ) => Promise<unknown>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint = Endpoint<any, any, any>;

export function defineEndpoint<P extends AnyObject | undefined = undefined, Q extends AnyObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  endpoint: Endpoint<P, Q, B>,
): Endpoint<P, Q, B> {
  return endpoint;
}

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store" };

function parseWith<S extends z.ZodType>(schema: S, raw: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(withoutNul(raw));
  if (!parsed.success) throw new AppError("validation", `The request's ${where} is not valid.`, { fieldErrors: fieldErrorsOf(parsed.error) });
  return parsed.data;
}

async function readBody(request: Request): Promise<{ text: string; json: unknown }> {
  const type = request.headers.get("content-type") ?? "";
  const text = await readTextLimited(request, JSON_BODY_MAX_BYTES);
  if (!text.trim()) return { text, json: {} };
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError("unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
  try {
    return { text, json: JSON.parse(text) };
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
}

/** A file answer (`{ file }` from a handler): a PDF, a CSV. */
export type FileAnswer = { file: { body: Uint8Array; contentType: string; fileName: string } };
const isFileAnswer = (value: unknown): value is FileAnswer => !!value && typeof value === "object" && "file" in value;

function rateHeaders(limit: number, count: number, resetsAt: Date, now: Date): Record<string, string> {
  const reset = Math.max(0, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
  return {
    "ratelimit-limit": String(limit),
    "ratelimit-remaining": String(Math.max(0, limit - count)),
    "ratelimit-reset": String(reset),
    "ratelimit-policy": `${limit};w=60`,
  };
}

/** The route handler of an endpoint: `export const GET = apiHandler(listCustomers)`. */
export function apiHandler(endpoint: AnyEndpoint) {
  const handler = async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const path = new URL(request.url).pathname;
    let headers: Record<string, string> = {};
    let idempotency: { id: string; db: Db } | null = null;
    try {
      const now = clock.now();
      const ip = clientIp(request.headers);
      const ownerDb = await getDb();
      const key = await authenticateApiKey(ownerDb, presentedKey(request.headers), ip, now);
      const db = await tenantDb(key.tenantId);
      const locale = await tenantLocale(db, { tenantId: key.tenantId });
      if (!locale.active) throw new AppError("forbidden", "This ISP account is suspended. Contact NetSphere support.");
      const { count, resetsAt } = await countAttempt(ownerDb, { name: "api-key", max: key.rateLimitPerMinute, windowMinutes: 1 }, key.id, now);
      headers = rateHeaders(key.rateLimitPerMinute, count, resetsAt, now);
      if (count > key.rateLimitPerMinute) {
        headers["retry-after"] = headers["ratelimit-reset"];
        throw new AppError("rate_limited", `This key may make ${key.rateLimitPerMinute} requests a minute. Wait ${headers["ratelimit-reset"]} s.`);
      }
      if (!scopeAllows(key.scopes, endpoint.scope))
        throw new AppError("forbidden", `This API key lacks the \`${endpoint.scope}\` scope. An owner or admin can create a key that has it.`);
      if (endpoint.method !== "GET") {
        // An ISP whose NetSphere invoice is long overdue is read-only, through its keys as in the app.
        const blocked = await tenantWritesBlocked(db, key.tenantId);
        if (blocked) throw new AppError("forbidden", blocked.message, { details: { readOnly: true } });
      }

      const params = endpoint.params ? parseWith(endpoint.params, await context.params, "path") : {};
      const query = endpoint.query ? parseWith(endpoint.query, Object.fromEntries(new URL(request.url).searchParams), "query") : {};
      let body: unknown = undefined;
      let bodyText = "";
      if (endpoint.body) {
        const read = await readBody(request);
        bodyText = read.text;
        body = parseWith(endpoint.body, read.json, "body");
      }
      const actor: TenantActor = { tenantId: key.tenantId, userId: null, userName: `API key “${key.name}”`, ipAddress: ip };
      const ctx: ApiContext = { db, tenantId: key.tenantId, timeZone: locale.timeZone, currency: locale.currency, key, actor, request };

      const idempotencyKey = endpoint.method === "POST" ? request.headers.get("idempotency-key") : null;
      if (idempotencyKey !== null) {
        const begun = await beginIdempotent(db, {
          tenantId: key.tenantId,
          apiKeyId: key.id,
          idempotencyKey,
          method: endpoint.method,
          path,
          requestHash: sha256(bodyText),
          now,
        });
        if (begun.kind === "replay") {
          return new Response(begun.body, { status: begun.status, headers: { ...begun.headers, ...headers, "idempotent-replayed": "true" } });
        }
        idempotency = { id: begun.id, db };
      }

      const result = await endpoint.handle(ctx, { params, query, body });
      await recordAudit(db, actor, {
        action: endpoint.method === "GET" ? "api.read" : "api.write",
        entityType: "api_key",
        entityId: key.id,
        after: { method: endpoint.method, path, operation: endpoint.operationId },
      });
      if (isFileAnswer(result)) {
        return new Response(new Uint8Array(result.file.body), {
          status: 200,
          headers: {
            ...headers,
            "content-type": result.file.contentType,
            "content-disposition": `attachment; filename="${result.file.fileName.replace(/[^\w.-]/g, "_")}"`,
            "cache-control": "no-store",
          },
        });
      }
      const status = endpoint.status ?? 200;
      const text = JSON.stringify(result);
      if (idempotency) await finishIdempotent(idempotency.db, idempotency.id, { status, headers: JSON_HEADERS, body: text });
      return new Response(text, { status, headers: { ...JSON_HEADERS, ...headers } });
    } catch (error) {
      const response = problemResponse(error, path, headers);
      if (idempotency) {
        // A failure on our side may be retried with the same key; a refusal is the answer and is replayed.
        if (response.status >= 500) await abandonIdempotent(idempotency.db, idempotency.id).catch(() => undefined);
        else await finishIdempotent(idempotency.db, idempotency.id, { status: response.status, headers: Object.fromEntries(response.headers), body: await response.clone().text() }).catch(() => undefined);
      }
      return response;
    }
  };
  return Object.assign(handler, { endpoint });
}
