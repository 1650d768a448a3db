/*
 * The OpenAPI 3.1 document of /api/v1, generated from the endpoints' own zod schemas (the ones that validate the
 * requests), so the document cannot drift from what the routes accept. Served at /api/v1/openapi.json and read by
 * the reference page.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { AnyEndpoint } from "@/lib/api/endpoint";
import { apiEndpoints } from "@/lib/api/registry";
import { apiScopes, IDEMPOTENCY_KEY_MAX } from "@/lib/api/values";

const problem = z
  .object({
    type: z.string().describe("urn:netsphere:problem:<code>"),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string().describe("not_found, validation, conflict, forbidden, unauthenticated, rate_limited, plan_limit, …"),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  })
  .meta({ id: "Problem" });

const rateLimitHeaders = {
  "RateLimit-Limit": { description: "Requests this key may make per minute.", schema: { type: "integer" as const } },
  "RateLimit-Remaining": { description: "Requests left in the current minute.", schema: { type: "integer" as const } },
  "RateLimit-Reset": { description: "Seconds until the window starts again.", schema: { type: "integer" as const } },
};

const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: problem } } });

function register(registry: OpenAPIRegistry, endpoint: AnyEndpoint) {
  const success =
    "binary" in endpoint.response
      ? {
          description: "The file.",
          headers: rateLimitHeaders,
          content: { [endpoint.response.binary]: { schema: { type: "string" as const, format: "binary" } } },
        }
      : {
          description: endpoint.status === 201 ? "Created." : "OK.",
          headers: rateLimitHeaders,
          content: { "application/json": { schema: endpoint.response as z.ZodType } },
        };
  registry.registerPath({
    method: endpoint.method.toLowerCase() as "get" | "post" | "patch" | "delete",
    path: endpoint.path,
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    description: `${endpoint.description ? `${endpoint.description}\n\n` : ""}Scope: \`${endpoint.scope}\`.`,
    tags: [endpoint.tag],
    security: [{ apiKey: [endpoint.scope] }],
    "x-scope": endpoint.scope,
    ...(endpoint.deprecated ? { deprecated: true } : {}),
    request: {
      ...(endpoint.params ? { params: endpoint.params } : {}),
      ...(endpoint.query ? { query: endpoint.query } : {}),
      ...(endpoint.method === "POST"
        ? {
            headers: z.object({
              "Idempotency-Key": z
                .string()
                .min(1)
                .max(IDEMPOTENCY_KEY_MAX)
                .describe(
                  "Required: a unique value (a UUID, or your own transaction number). A retry with the same key gets the first answer for 24 hours.",
                ),
            }),
          }
        : {}),
      ...(endpoint.body ? { body: { required: true, content: { "application/json": { schema: endpoint.body as z.ZodType } } } } : {}),
    },
    responses: {
      [endpoint.status ?? 200]: success,
      400: problemResponse(
        endpoint.method === "POST" ? "The body is not JSON, or the Idempotency-Key header is missing." : "The request could not be read.",
      ),
      401: problemResponse("No valid API key."),
      403: problemResponse("The key lacks the scope, is used from an address not on its allowlist, or the ISP account is suspended."),
      ...(endpoint.params || endpoint.body
        ? { 404: problemResponse("No such object in your ISP (an id in the path or the body is unknown or another ISP's).") }
        : {}),
      ...(endpoint.method !== "GET"
        ? { 409: problemResponse("Conflicts with the object's state, or the same Idempotency-Key is still running.") }
        : {}),
      422: problemResponse("Invalid parameters or body; `errors` lists each field."),
      429: problemResponse("Rate limit reached; see Retry-After."),
    },
  });
}

let cached: object | null = null;

/** The document of /api/v1 (built once). */
export function openApiDocument(): object {
  cached ??= buildOpenApiDocument(apiEndpoints);
  return cached;
}

/** The document of a set of endpoints. */
export function buildOpenApiDocument(endpoints: readonly AnyEndpoint[]): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: `An API key from Settings → API keys, sent as \`Authorization: Bearer nsk_live_…\`. Scopes: ${apiScopes.join(", ")}.`,
  });
  for (const endpoint of endpoints) register(registry, endpoint);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "NetSphere ISP Suite API",
      version: "1.0.0",
      description:
        "Your ISP's customers, subscriptions, plans, invoices, payments, tickets, routers and usage. JSON over HTTPS; " +
        "times in ISO 8601 (UTC); money as integer minor units with a currency; lists are cursor-paginated " +
        "(`limit`, `cursor` → `nextCursor`); errors are RFC 9457 problem details; every POST takes an " +
        "`Idempotency-Key`. Rate limits per key are reported in `RateLimit-*` headers.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
  });
}
