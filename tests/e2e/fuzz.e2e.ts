/*
 * Bounded fuzz over every page and route handler: the paths come from walking app/ (page.tsx, route.ts),
 * each dynamic segment is replaced by hostile values, hostile query parameters are added, and route
 * handlers get hostile JSON, form and multipart bodies on each method they export. Any 500, and any page
 * that renders Next's error page or a server error's digest, fails the test. Signed in as the demo admin
 * and signed out. Dynamic segments are never real ids, so nothing of the demo ISP is changed.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { signInWithTwoFactor } from "./support/session";

const appDir = path.resolve(import.meta.dirname, "../../app");

/** `streams`: a Server-Sent Events route, whose answer never ends while the client listens. */
type Target = { file: string; segments: string[]; methods: string[]; queryNames: string[]; streams?: boolean };

function walk(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, name);
    return entry.name === name ? [full] : [];
  });
}

/** `app/(app)/routers/[routerId]/page.tsx` → ["routers", "[routerId]"]; route groups are not in the URL. */
const segmentsOf = (file: string) =>
  path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s));

/** Query parameter names the file reads (schema keys and `searchParams.x`), plus the ones lists commonly take. */
function queryNamesOf(source: string): string[] {
  const names = new Set(["page", "size", "sort", "dir", "q", "status", "from", "to", "before", "id", "step", "month"]);
  for (const m of source.matchAll(/\b([a-zA-Z]\w{0,30})\??:\s*z\./g)) names.add(m[1]);
  for (const m of source.matchAll(/searchParams\.get\("(\w+)"\)|\bquery\.(\w+)|\bsp\.(\w+)/g)) names.add(m[1] ?? m[2] ?? m[3]);
  return [...names];
}

const exportedMethods = (source: string) =>
  [...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);

const pages: Target[] = walk(appDir, "page.tsx").map((file) => {
  const source = fs.readFileSync(file, "utf8");
  return { file, segments: segmentsOf(file), methods: ["GET"], queryNames: queryNamesOf(source) };
});
const routes: Target[] = walk(appDir, "route.ts").map((file) => {
  const source = fs.readFileSync(file, "utf8");
  return { file, segments: segmentsOf(file), methods: exportedMethods(source), queryNames: queryNamesOf(source), streams: source.includes("text/event-stream") };
});

const longText = "x".repeat(100_000);
/** Values for a path segment or a query parameter: kept under Node's 16 KB header limit, so they reach the app. */
const hostileSegments = [
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "-1",
  "99999999999999999999",
  "1e309",
  "0000-00-00",
  "%00",
  "a%00b",
  "%E2%80%AEevil",
  "..%2F..%2Fetc%2Fpasswd",
  "%27%20OR%201%3D1--",
  "y".repeat(4000),
];
const hostileQueryValues = ["%00", "0000-00-00", "%E2%80%AE", "1e309", "9999-12-31", "z".repeat(4000), "-1", "NaN", "2026-02-30", "%27%22%3B--"];
const hostileJson: unknown[] = [
  null,
  [],
  "string",
  { id: "not-a-uuid", amount: "1e309", date: "0000-00-00", name: "\u0000\u202e", page: -1 },
  { command: "ping", args: { address: "\u0000", count: "NaN" }, text: longText, body: longText },
];
/** Sent as written: a prototype key and a broken document do not survive building them as objects. */
const hostileRawJson = ['{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', '{"id": "', "\u0000"];

const isDynamic = (segment: string) => segment.startsWith("[");

/** A real segment name stays as is; a dynamic one (`[id]`, `[...all]`) takes the hostile value. */
const pathWith = (segments: string[], value: string) => "/" + segments.map((s) => (isDynamic(s) ? value : s)).join("/");

/**
 * Real values of dynamic segments, found in the links of the demo's pages (`/routers` links to
 * `/routers/<id>`, a router's provisioning page to its runs): a hostile run id only reaches the run lookup
 * under a router that exists.
 */
type RealIds = Map<string, string | null>;

async function findRealIds(request: APIRequestContext): Promise<RealIds> {
  const real: RealIds = new Map();
  const html = new Map<string, string>();
  const pageAt = async (url: string) => {
    if (!html.has(url)) html.set(url, await request.get(url).then((r) => (r.ok() ? r.text() : ""), () => ""));
    return html.get(url)!;
  };
  for (const target of [...pages, ...routes]) {
    let prefix = "";
    for (const [i, segment] of target.segments.entries()) {
      if (!isDynamic(segment)) {
        prefix += `/${segment}`;
        continue;
      }
      const key = `${prefix}/${segment}`;
      if (!real.has(key)) {
        let value: string | null = null;
        // The links to this level are on the page above it, or on one of that page's ancestors.
        for (let at = prefix; value === null && at !== ""; at = at.slice(0, at.lastIndexOf("/"))) {
          const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          value = new RegExp(`href="${escaped}/([0-9a-zA-Z_-]{6,})["/?#]`).exec(await pageAt(at))?.[1] ?? null;
        }
        real.set(key, value);
      }
      const value = real.get(key);
      if (!value || i === target.segments.length - 1) break;
      prefix += `/${value}`;
    }
  }
  return real;
}

/** The target's paths with one dynamic segment hostile and the ones before it real: each lookup meets bad input under good parents. */
function nestedPaths(target: Target, real: RealIds, values: string[]): string[] {
  const paths: string[] = [];
  target.segments.forEach((segment, i) => {
    if (!isDynamic(segment) || i === 0) return;
    const parents: string[] = [];
    let prefix = "";
    for (const s of target.segments.slice(0, i)) {
      const value = isDynamic(s) ? real.get(`${prefix}/${s}`) : s;
      if (!value) return;
      parents.push(value);
      prefix += `/${value}`;
    }
    if (!parents.some((_, j) => isDynamic(target.segments[j]))) return;
    const rest = target.segments.slice(i + 1).map((s) => (isDynamic(s) ? values[0] : s));
    for (const value of values) paths.push("/" + [...parents, value, ...rest].join("/"));
  });
  return paths;
}

function urlsOf(target: Target, { thorough, real }: { thorough: boolean; real?: RealIds }): string[] {
  const dynamic = target.segments.some(isDynamic);
  const values = thorough ? hostileSegments : hostileSegments.slice(0, 4);
  const bases = dynamic ? values.map((v) => pathWith(target.segments, v)) : [pathWith(target.segments, "")];
  if (real) bases.push(...nestedPaths(target, real, values.slice(0, 6)));
  const queries = (thorough ? hostileQueryValues.slice(0, 6) : hostileQueryValues.slice(0, 2)).map(
    (value) => "?" + target.queryNames.map((name) => `${name}=${value}`).join("&"),
  );
  // Every hostile path plain, and the first path with each hostile query.
  return [...bases, ...queries.map((q) => bases[0] + q)];
}

type Finding = { method: string; url: string; status: number; why: string };

/** Next's own error page, or the digest of a server error streamed into a page (a 404's digest starts with NEXT_). */
function errorPageIn(body: string): string | null {
  if (/Application error: a (server|client)-side exception/.test(body)) return "Application error page";
  if (/<h1[^>]*>500<\/h1>|Internal Server Error/.test(body)) return "Internal Server Error page";
  if (/data-dgst="(?!NEXT_)[^"]+"/.test(body)) return "server error digest";
  return null;
}

async function check(method: string, url: string, send: () => Promise<APIResponse>, findings: Finding[]) {
  // A dropped connection is no answer at all: as bad as a 500 for the user, so it is reported the same way.
  const response = await send().catch((error: Error) => {
    findings.push({ method, url: url.slice(0, 160), status: 0, why: `no answer (${error.message.split("\n")[0]})` });
    return null;
  });
  if (!response) return;
  const status = response.status();
  const type = response.headers()["content-type"] ?? "";
  const body = type.includes("text/html") ? await response.text() : "";
  const why = status >= 500 ? `HTTP ${status}` : errorPageIn(body);
  if (why) findings.push({ method, url: url.slice(0, 160), status, why });
  await response.dispose();
}

/**
 * A stream is judged by its status line: the request is sent with the context's cookies and dropped once the
 * headers are in (Playwright's request waits for a whole body, which an event stream never ends). No headers in
 * 15 s is no answer.
 */
async function checkStream(request: APIRequestContext, url: string, findings: Finding[]) {
  const cookie = (await request.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 15_000);
  const base = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3210";
  try {
    const response = await fetch(new URL(url, base), { headers: { cookie }, redirect: "manual", signal: controller.signal });
    if (response.status >= 500) findings.push({ method: "GET", url: url.slice(0, 160), status: response.status, why: `HTTP ${response.status}` });
  } catch (error) {
    findings.push({ method: "GET", url: url.slice(0, 160), status: 0, why: `no answer (${(error as Error).message})` });
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** Runs the checks a few at a time: bounded on two slow cores, and quicker than one by one. */
async function inBatches(tasks: (() => Promise<void>)[], width = 4) {
  for (let i = 0; i < tasks.length; i += width) await Promise.all(tasks.slice(i, i + width).map((task) => task()));
}

function requestsFor(request: APIRequestContext, findings: Finding[], { thorough, real }: { thorough: boolean; real?: RealIds }) {
  const tasks: (() => Promise<void>)[] = [];
  const add = (method: string, url: string, options: Parameters<APIRequestContext["fetch"]>[1] = {}) =>
    tasks.push(() => check(method, url, () => request.fetch(url, { method, maxRedirects: 0, ...options }), findings));
  for (const target of pages) for (const url of urlsOf(target, { thorough, real })) add("GET", url);
  for (const target of routes) {
    if (target.streams) {
      for (const url of urlsOf(target, { thorough, real })) tasks.push(() => checkStream(request, url, findings));
      continue;
    }
    for (const method of target.methods) {
      const urls = urlsOf(target, { thorough, real });
      if (method === "GET" || method === "DELETE") {
        for (const url of urls) add(method, url);
        continue;
      }
      // Every hostile address with one hostile JSON body; the first one with every kind of hostile body.
      for (const url of urls) add(method, url, { data: hostileJson[3] });
      const [first] = urls;
      for (const data of thorough ? hostileJson : hostileJson.slice(0, 2)) add(method, first, { data });
      for (const data of hostileRawJson) add(method, first, { data, headers: { "content-type": "application/json" } });
      add(method, first, { form: { id: "%00", text: longText, amount: "1e309" } });
      add(method, first, {
        multipart: { file: { name: "\u202egpj.exe", mimeType: "text/csv", buffer: Buffer.from("a,b\n\u0000,1") }, body: longText },
      });
      // A body that says multipart but is not.
      add(method, first, { data: "--y\r\nnot a part", headers: { "content-type": "multipart/form-data; boundary=x" } });
    }
  }
  return tasks;
}

function report(label: string, count: number, findings: Finding[]) {
  const serverErrors = findings.filter((f) => f.status >= 500).length;
  console.log(`fuzz (${label}): ${count} requests, ${serverErrors} answered 500, ${findings.length} failures`);
  for (const f of findings.slice(0, 40)) console.log(`  ${f.method} ${f.url} → ${f.status} (${f.why})`);
}

test("finds the pages and route handlers to fuzz", () => {
  expect(pages.length).toBeGreaterThan(50);
  expect(routes.length).toBeGreaterThan(20);
  expect(routes.every((r) => r.methods.length > 0)).toBe(true);
});

test("signed out, no page or route handler answers hostile input with a 500 or an error page", async ({ request }) => {
  test.setTimeout(240_000);
  const findings: Finding[] = [];
  const tasks = requestsFor(request, findings, { thorough: false });
  await inBatches(tasks);
  report("signed out", tasks.length, findings);
  expect(findings).toEqual([]);
});

test("signed in as the admin, no page or route handler answers hostile input with a 500 or an error page", async ({ page }) => {
  test.setTimeout(420_000);
  await signInWithTwoFactor(page, "admin@demo.netsphere.ph");
  const real = await findRealIds(page.request);
  expect(real.get("/routers/[routerId]"), "a demo router to fuzz its pages under").toBeTruthy();
  const findings: Finding[] = [];
  const tasks = requestsFor(page.request, findings, { thorough: true, real });
  await inBatches(tasks);
  report("admin", tasks.length, findings);
  // Still signed in and the app still serves its pages after the barrage.
  const dashboard = await page.request.get("/dashboard", { maxRedirects: 0 });
  expect(dashboard.status()).toBe(200);
  expect(findings).toEqual([]);
});
