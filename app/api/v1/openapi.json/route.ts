import { openApiDocument } from "@/lib/api/openapi";

/** The API's OpenAPI 3.1 document: public (it holds no data), generated from the endpoints' schemas. */
export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } });
}
