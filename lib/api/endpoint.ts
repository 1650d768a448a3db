/*
 * The one way to write a public API route (/api/v1): an endpoint is declared once — method, path, scope, zod
 * schemas for its path, query, body and answer — and that declaration both serves the route (`apiHandler`) and
 * writes the OpenAPI document (openapi.ts). The handler does: API key → address allowlist → ISP active →
 * rate limit → scope → parse → Idempotency-Key → the domain function → audit, and turns every failure into an
 * RFC 9457 problem. No route writes its own try/catch.
 */
import "server-only";
import type { z } from "zod";
import { findApiKey, keyRefusal, presentedKey, touchApiKey, type ApiKey } from "@/lib/api/keys";
import { scopeAllows } from "@/lib/api/rules";
import type { ApiScope } from "@/lib/api/values";
import { beginIdempotent, finishIdempotent, abandonIdempotent } from "@/lib/api/idempotency";
import { problemResponse } from "@/lib/api/problems";
import { IDEMPOTENCY_KEY_MAX } from "@/lib/api/values";
import { logger } from "@/lib/core/logger";
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
  /**
   * Set when the endpoint is on its way out: every answer then carries `Deprecation` (RFC 9745), `Sunset` (RFC 8594)
   * when a last day is set, and a `Link` to its successor; the document marks the operation deprecated.
   */
  deprecated?: Deprecation;
  handle: (
    ctx: ApiContext,
    input: {
      params: P extends AnyObject ? z.output<P> : Record<string, never>;
      query: Q extends AnyObject ? z.output<Q> : Record<string, never>;
      body: B extends z.ZodType ? z.output<B> : undefined;
    },
  ) => Promise<unknown>;
};

export type Deprecation = {
  /** When it was deprecated (ISO 8601 date or time). */
  since: string;
  /** The last day it answers (ISO 8601), if one is set. */
  sunset?: string;
  /** Path of the endpoint to use instead, e.g. `/api/v2/customers`. */
  successor?: string;
};

/** The headers that tell a client an endpoint is deprecated. */
export function deprecationHeaders(deprecation: Deprecation | undefined): Record<string, string> {
  if (!deprecation) return {};
  const headers: Record<string, string> = { deprecation: `@${Math.floor(Date.parse(deprecation.since) / 1000)}` };
  if (deprecation.sunset) headers.sunset = new Date(deprecation.sunset).toUTCString();
  if (deprecation.successor) headers.link = `<${deprecation.successor}>; rel="successor-version"`;
  return headers;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint = Endpoint<any, any, any>;

export function defineEndpoint<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(endpoint: Endpoint<P, Q, B>): Endpoint<P, Q, B> {
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
  if (!/^application\/(.+\+)?json\b/i.test(type))
    throw new AppError("unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
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

/**
 * What the audit log keeps of a call: the operation, and for a refusal its status and code. A rate-limited key is
 * recorded once per window (its first refused call), not once per request of a flood.
 */
async function auditCall(known: { db: Db; actor: TenantActor; keyId: string }, endpoint: AnyEndpoint, path: string, outcome: Response | null) {
  const after: Record<string, unknown> = { method: endpoint.method, path, operation: endpoint.operationId };
  let action = endpoint.method === "GET" ? "api.read" : "api.write";
  if (outcome) {
    action = outcome.status >= 500 ? "api.failed" : "api.refused";
    const problem = (await outcome.clone().json()) as { code?: string; detail?: string };
    Object.assign(after, { status: outcome.status, code: problem.code, detail: problem.detail });
  }
  await recordAudit(known.db, known.actor, { action, entityType: "api_key", entityId: known.keyId, after });
}

/** The route handler of an endpoint: `export const GET = apiHandler(listCustomers)`. */
export function apiHandler(endpoint: AnyEndpoint) {
  const handler = async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const path = new URL(request.url).pathname;
    let headers: Record<string, string> = deprecationHeaders(endpoint.deprecated);
    let idempotency: { id: string; db: Db } | null = null;
    // Once the key is known, every answer is recorded in its ISP's audit log, refusals included.
    let known: { db: Db; actor: TenantActor; keyId: string } | null = null;
    let auditRefusal = true;
    try {
      const now = clock.now();
      const ip = clientIp(request.headers);
      const ownerDb = await getDb();
      const key = await findApiKey(ownerDb, presentedKey(request.headers));
      const db = await tenantDb(key.tenantId);
      const actor: TenantActor = { tenantId: key.tenantId, userId: null, userName: `API key “${key.name}”`, ipAddress: ip };
      known = { db, actor, keyId: key.id };
      const refusal = keyRefusal(key, ip, now);
      if (refusal) throw refusal;
      await touchApiKey(ownerDb, key, ip, now);
      const locale = await tenantLocale(db, { tenantId: key.tenantId });
      if (!locale.active) throw new AppError("forbidden", "This ISP account is suspended. Contact NetSphere support.");
      const { count, resetsAt } = await countAttempt(ownerDb, { name: "api-key", max: key.rateLimitPerMinute, windowMinutes: 1 }, key.id, now);
      headers = { ...headers, ...rateHeaders(key.rateLimitPerMinute, count, resetsAt, now) };
      if (count > key.rateLimitPerMinute) {
        headers["retry-after"] = headers["ratelimit-reset"];
        auditRefusal = count === key.rateLimitPerMinute + 1;
        throw new AppError("rate_limited", `This key may make ${key.rateLimitPerMinute} requests a minute. Wait ${headers["ratelimit-reset"]} s.`);
      }
      if (!scopeAllows(key.scopes, endpoint.scope))
        throw new AppError("forbidden", `This API key lacks the \`${endpoint.scope}\` scope. An owner or admin can create a key that has it.`);
      if (endpoint.method !== "GET") {
        // An ISP whose NetSphere invoice is long overdue is read-only, through its keys as in the app.
        const blocked = await tenantWritesBlocked(db, key.tenantId);
        if (blocked) throw new AppError("forbidden", blocked.message, { details: { readOnly: true } });
      }
      const idempotencyKey = endpoint.method === "POST" ? request.headers.get("idempotency-key")?.trim() || null : null;
      if (endpoint.method === "POST" && idempotencyKey === null)
        throw new AppError(
          "bad_request",
          "Send an `Idempotency-Key` header with every POST (a UUID, or your own transaction number), so a retry after a dropped connection is never done twice.",
        );
      if (idempotencyKey !== null && idempotencyKey.length > IDEMPOTENCY_KEY_MAX)
        throw new AppError("validation", `The Idempotency-Key may be at most ${IDEMPOTENCY_KEY_MAX} characters.`, {
          fieldErrors: { "Idempotency-Key": [`At most ${IDEMPOTENCY_KEY_MAX} characters`] },
        });

      const params = endpoint.params ? parseWith(endpoint.params, await context.params, "path") : {};
      const query = endpoint.query ? parseWith(endpoint.query, Object.fromEntries(new URL(request.url).searchParams), "query") : {};
      let body: unknown = undefined;
      let bodyText = "";
      if (endpoint.body) {
        const read = await readBody(request);
        bodyText = read.text;
        body = parseWith(endpoint.body, read.json, "body");
      }
      const ctx: ApiContext = { db, tenantId: key.tenantId, timeZone: locale.timeZone, currency: locale.currency, key, actor, request };

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
          await auditCall(known, endpoint, path, null);
          return new Response(begun.body, { status: begun.status, headers: { ...begun.headers, ...headers, "idempotent-replayed": "true" } });
        }
        idempotency = { id: begun.id, db };
      }

      const result = await endpoint.handle(ctx, { params, query, body });
      await auditCall(known, endpoint, path, null);
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
        else
          await finishIdempotent(idempotency.db, idempotency.id, {
            status: response.status,
            headers: Object.fromEntries(response.headers),
            body: await response.clone().text(),
          }).catch(() => undefined);
      }
      if (known && auditRefusal)
        await auditCall(known, endpoint, path, response).catch((err) => logger.error({ err, route: path }, "api audit failed"));
      return response;
    }
  };
  return Object.assign(handler, { endpoint });
}
