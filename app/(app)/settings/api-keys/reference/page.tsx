import Link from "next/link";
import { Fragment } from "react";
import { requireStaffPage } from "@/lib/auth/session";
import { openApiDocument } from "@/lib/api/openapi";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";

export const metadata = { title: "API reference" };

type Schema = { $ref?: string; type?: string | string[]; format?: string; enum?: string[]; items?: Schema; description?: string; properties?: Record<string, Schema>; required?: string[]; default?: unknown; anyOf?: Schema[] };
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};
type Document = { info: { description: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const refName = (schema?: Schema) => schema?.$ref?.split("/").pop();

function typeOf(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.$ref) return refName(schema)!;
  if (schema.enum) return schema.enum.join(" | ");
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  if (type === "array") return `${typeOf(schema.items)}[]`;
  return schema.format ? `${type} (${schema.format})` : type;
}

/** `code` in the document's words, as code. */
function Words({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith("`") ? (
          <code key={i} className="rounded bg-muted px-1 text-xs">
            {part.slice(1, -1)}
          </code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

function Fields({ schema, document }: { schema: Schema; document: Document }) {
  const resolved = schema.$ref ? document.components.schemas[refName(schema)!] : schema;
  if (!resolved?.properties) return <p className="text-sm">{typeOf(schema)}</p>;
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
      {Object.entries(resolved.properties).map(([name, field]) => (
        <Fragment key={name}>
          <dt className="font-mono text-xs">
            {name}
            {resolved.required?.includes(name) ? "" : "?"}
          </dt>
          <dd className="text-muted-foreground">
            <span className="font-mono text-xs text-foreground">{typeOf(field)}</span> <Words text={field.description} />
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

export default async function ApiReferencePage() {
  const ctx = await requireStaffPage("integrations:manage");
  const document = openApiDocument() as Document;
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(operations.map((o) => o.op.tags[0]))];
  return (
    <>
      <PageHeader title="API reference" description="The NetSphere REST API v1 for your integrations, from the same definitions that check every request." />
      <SettingsTabs role={ctx.role} />
      <div className="flex flex-col gap-5">
        <Card>
          <CardHeader>
            <CardTitle>How it works</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-2 text-sm">
            <p>
              <Words text={document.info.description} />
            </p>
            <p>
              Base address: <code className="rounded bg-muted px-1 text-xs">/api/v1</code> on this site. Authenticate with{" "}
              <code className="rounded bg-muted px-1 text-xs">Authorization: Bearer nsk_live_…</code> — a key from{" "}
              <Link className="text-primary underline underline-offset-4" href="/settings/api-keys">
                API keys
              </Link>
              . The machine-readable document is at{" "}
              <a className="text-primary underline underline-offset-4" href="/api/v1/openapi.json">
                /api/v1/openapi.json
              </a>{" "}
              (import it into Postman, Insomnia or a code generator).
            </p>
          </CardContent>
        </Card>
        <nav aria-label="API sections" className="flex flex-wrap gap-2">
          {tags.map((tag) => (
            <a key={tag} href={`#${tag.toLowerCase()}`} className="rounded-md border px-3 py-1 text-sm hover:border-primary">
              {tag}
            </a>
          ))}
        </nav>
        {tags.map((tag) => (
          <section key={tag} aria-labelledby={tag.toLowerCase()} className="flex flex-col gap-3">
            <h2 id={tag.toLowerCase()} className="text-lg font-semibold">
              {tag}
            </h2>
            {operations
              .filter((o) => o.op.tags[0] === tag)
              .map(({ path, method, op }) => {
                const success = Object.entries(op.responses).find(([status]) => status.startsWith("2"));
                const successSchema = success?.[1].content && Object.values(success[1].content)[0]?.schema;
                const body = op.requestBody && Object.values(op.requestBody.content)[0]?.schema;
                const params = op.parameters ?? [];
                return (
                  <Card key={op.operationId} id={op.operationId}>
                    <CardHeader>
                      <CardTitle className="flex flex-wrap items-center gap-2 text-base">
                        <Badge tone={method === "get" ? "info" : "warning"}>{method.toUpperCase()}</Badge>
                        <code className="break-all text-sm">{path}</code>
                      </CardTitle>
                      <p className="text-sm font-medium">{op.summary}</p>
                    </CardHeader>
                    <CardContent className="flex flex-col gap-3 text-sm">
                      <p className="text-muted-foreground">
                        <Words text={op.description} />
                      </p>
                      {params.length ? (
                        <div>
                          <h3 className="mb-1 font-medium">Parameters</h3>
                          <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
                            {params.map((p) => (
                              <Fragment key={`${p.in}:${p.name}`}>
                                <dt className="font-mono text-xs">
                                  {p.name}
                                  {p.required ? "" : "?"} <span className="text-muted-foreground">({p.in})</span>
                                </dt>
                                <dd className="text-muted-foreground">
                                  <span className="font-mono text-xs text-foreground">{typeOf(p.schema)}</span> <Words text={p.description ?? p.schema?.description} />
                                </dd>
                              </Fragment>
                            ))}
                          </dl>
                        </div>
                      ) : null}
                      {body ? (
                        <div>
                          <h3 className="mb-1 font-medium">Body ({refName(body) ?? "JSON"})</h3>
                          <Fields schema={body} document={document} />
                        </div>
                      ) : null}
                      {success ? (
                        <div>
                          <h3 className="mb-1 font-medium">
                            {success[0]} answer{successSchema ? ` (${typeOf(successSchema)})` : ""}
                          </h3>
                          {successSchema && successSchema.$ref ? <Fields schema={successSchema} document={document} /> : <p className="text-muted-foreground">{success[1].description}</p>}
                        </div>
                      ) : null}
                    </CardContent>
                  </Card>
                );
              })}
          </section>
        ))}
      </div>
    </>
  );
}
