/*
 * The API's contract: every endpoint in the registry is served by the route file its path names, every route file
 * serves only registered endpoints, and the OpenAPI document built from them is valid OpenAPI 3.1 and lists
 * exactly those operations with their scopes and parameters.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { apiEndpoints } from "@/lib/api/registry";
import { openApiDocument } from "@/lib/api/openapi";
import { apiScopes } from "@/lib/api/values";
import type { AnyEndpoint } from "@/lib/api/endpoint";

vi.mock("@/lib/db", () => ({ getDb: async () => null, tenantDb: async () => null }));

const root = path.resolve(__dirname, "../..");
const apiDir = path.join(root, "app/api/v1");
const DOCUMENT_ROUTE = "openapi.json/route.ts";

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [path.relative(apiDir, full)] : [];
  });
}

/** `/customers/{id}/usage` → `customers/[id]/usage/route.ts` */
const fileOf = (apiPath: string) => `${apiPath.slice(1).replace(/\{(\w+)\}/g, "[$1]")}/route.ts`;
const pathOf = (file: string) => `/${path.dirname(file).replace(/\[(\w+)\]/g, "{$1}")}`;

type Served = { endpoint?: AnyEndpoint };

describe("the API registry and its routes", () => {
  it("has unique operation ids and method + path pairs, and known scopes", () => {
    const ids = apiEndpoints.map((e) => e.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const routes = apiEndpoints.map((e) => `${e.method} ${e.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const endpoint of apiEndpoints) expect(apiScopes, endpoint.operationId).toContain(endpoint.scope);
  });

  it("serves each endpoint from the route file its path names, and nothing else", async () => {
    const files = routeFiles(apiDir).filter((file) => file !== DOCUMENT_ROUTE);
    const served = new Map<string, AnyEndpoint>();
    for (const file of files) {
      const mod = (await import(path.join(apiDir, file))) as Record<string, Served>;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        if (!mod[method]) continue;
        const endpoint = mod[method].endpoint;
        expect(endpoint, `${method} ${file} is not apiHandler(endpoint)`).toBeDefined();
        expect(endpoint!.method, `${file} exports ${method} for a ${endpoint!.method} endpoint`).toBe(method);
        expect(endpoint!.path, `${file} serves ${endpoint!.path}`).toBe(pathOf(file));
        served.set(`${method} ${pathOf(file)}`, endpoint!);
      }
    }
    for (const endpoint of apiEndpoints) {
      expect(served.get(`${endpoint.method} ${endpoint.path}`), `no route file ${fileOf(endpoint.path)} serves ${endpoint.method}`).toBe(endpoint);
    }
    expect([...served.values()].filter((e) => !apiEndpoints.includes(e)).map((e) => e.operationId)).toEqual([]);
  });

  it("declares a path parameter for each {name} in the path, and no other", () => {
    for (const endpoint of apiEndpoints) {
      const named = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = Object.keys(endpoint.params?.shape ?? {}).sort();
      expect(declared, endpoint.operationId).toEqual(named);
    }
  });
});

describe("the OpenAPI document", () => {
  const document = openApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; "x-scope": string; parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
  };

  it("is valid OpenAPI 3.1", async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it("lists exactly the registered operations, with their scope, parameters and body", () => {
    const documented = Object.entries(document.paths).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })));
    expect(documented.map((d) => d.key).sort()).toEqual(apiEndpoints.map((e) => `${e.method} ${e.path}`).sort());
    for (const endpoint of apiEndpoints) {
      const op = document.paths[endpoint.path][endpoint.method.toLowerCase()];
      expect(op.operationId).toBe(endpoint.operationId);
      expect(op["x-scope"]).toBe(endpoint.scope);
      const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name).sort();
      expect(query, endpoint.operationId).toEqual(Object.keys(endpoint.query?.shape ?? {}).sort());
      expect(!!op.requestBody, endpoint.operationId).toBe(!!endpoint.body);
      if (endpoint.method === "POST") expect((op.parameters ?? []).some((p) => p.in === "header" && p.name === "Idempotency-Key")).toBe(true);
    }
  });
});
