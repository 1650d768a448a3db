/*
 * Calling /api/v1 route handlers in database tests: a key with the scopes a test wants, and a request built the way
 * an integration sends it. The test file mocks `@/lib/db` so the handlers use the test database:
 *
 *   let conn: Connection;
 *   vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, crossTenantDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { z } from "zod";
import { createApiKey } from "@/lib/api/keys";
import type { ApiScope } from "@/lib/api/values";
import type { Db } from "@/lib/db/types";

type Handler = ((request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>) & {
  endpoint?: { method: string; operationId: string; response: z.ZodType | { binary: string } };
};

/** A new key of `tenantId` with the given scopes (and options); returns the key's value and id. */
export async function apiKeyFor(
  db: Db,
  tenantId: string,
  scopes: ApiScope[],
  options: { allowedIps?: string; rateLimitPerMinute?: number; expiresOn?: string; name?: string } = {},
): Promise<{ key: string; id: string }> {
  const { key, apiKey } = await createApiKey(
    db,
    { tenantId, userId: null, userName: "test", timeZone: "Asia/Manila" },
    {
      name: options.name ?? `test key ${scopes.join(" ")}`,
      scopes,
      expiresOn: options.expiresOn ?? "",
      allowedIps: options.allowedIps ?? "",
      rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
    },
  );
  return { key, id: apiKey.id };
}

export type ApiCall = {
  key?: string | null;
  method?: string;
  /** Path under /api/v1 with the query, e.g. `/customers?limit=2`. */
  path: string;
  params?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** A POST carries a fresh Idempotency-Key, as integrations must send one, unless the test gives its own or `false`. */
  idempotencyKey?: false;
};

/** Calls a handler as an integration would; answers the status, headers and parsed JSON body. */
export async function callApi(
  handler: Handler,
  call: ApiCall,
): Promise<{
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads its own answer's shape
  body: any;
}> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.key) headers.authorization = `Bearer ${call.key}`;
  if (call.body !== undefined) headers["content-type"] ??= "application/json";
  const method = call.method ?? handler.endpoint?.method ?? (call.body === undefined ? "GET" : "POST");
  if (method === "POST" && call.idempotencyKey !== false) headers["idempotency-key"] ??= randomUUID();
  const response = await handler(
    new Request(`http://localhost:3000/api/v1${call.path}`, {
      method,
      headers,
      body: call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body),
    }),
    { params: Promise.resolve(call.params ?? {}) },
  );
  const type = response.headers.get("content-type") ?? "";
  const body = /json/.test(type) ? await response.json() : Buffer.from(await response.arrayBuffer());
  if (response.ok && handler.endpoint) expectDocumentedAnswer(handler.endpoint, type, body);
  return { status: response.status, headers: response.headers, body };
}

/**
 * The contract: a successful answer is exactly what the OpenAPI document says (its schema is the endpoint's own), with
 * no field left out of the document and none missing. Every test that calls a route through `callApi` checks it.
 */
function expectDocumentedAnswer(endpoint: NonNullable<Handler["endpoint"]>, type: string, body: unknown) {
  if ("binary" in endpoint.response) {
    expect(type, `${endpoint.operationId} answers ${endpoint.response.binary}`).toBe(endpoint.response.binary);
    return;
  }
  const parsed = endpoint.response.safeParse(body);
  expect(parsed.success ? null : parsed.error.issues, `${endpoint.operationId}'s answer does not match its documented schema`).toBeNull();
  // zod drops keys the schema does not name: an answer with an undocumented field differs from its parse.
  expect(body, `${endpoint.operationId}'s answer has fields the document does not list`).toEqual(parsed.data);
}
