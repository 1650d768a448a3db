/*
 * The REST API of RouterOS 7.1+ (ROUTEROS.md §6, checklist 27) in front of the same engine as the binary
 * API: GET = print, PUT = add, PATCH = set, DELETE = remove, POST = any command. Basic auth, string JSON
 * values, the error shapes `{"error":400,"message":"Bad Request","detail":…}`, 401 and 404, requests
 * answered one at a time, and a command still running after `timeoutMs` (60 s on a router) cut off with
 * `400 Session closed`, which is how streams without `once`/`count` end here.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReplySentence, RequestSentence } from "../types";
import { openStream } from "./commands";
import { dispatch } from "./dispatch";
import { commandDelay, injectedTrap, matchingPattern, type SimulatorFaults } from "./faults";
import { menuByPath } from "./menus";
import type { MetricsRecorder } from "./metrics";
import type { RouterState } from "./router-state";

export type RestFacadeContext = {
  state: RouterState;
  faults: SimulatorFaults;
  metrics: MetricsRecorder;
  username: string;
  password: string;
  timeoutMs: number;
  random: () => number;
};

type HttpAnswer = { status: number; body?: unknown };

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 406: "Not Acceptable" };

const failure = (status: number, detail?: string): HttpAnswer => ({
  status,
  body: detail === undefined ? { error: status, message: STATUS_TEXT[status] } : { detail, error: status, message: STATUS_TEXT[status] },
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function authorised(request: IncomingMessage, context: RestFacadeContext): boolean {
  const [scheme, encoded = ""] = (request.headers.authorization ?? "").split(" ");
  if (scheme !== "Basic" || context.faults.refuseLogins) return false;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return decoded.slice(0, colon) === context.username && decoded.slice(colon + 1) === context.password;
}

/** JSON body values as the router reads them: strings, with numbers and booleans stringified, lists comma-joined. */
function attributesOf(body: Record<string, unknown>): { attributes: Record<string, string>; queries: string[] } {
  const attributes: Record<string, string> = {};
  let queries: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === ".query") queries = (Array.isArray(value) ? value : [value]).map((word) => `?${String(word)}`);
    else attributes[name] = Array.isArray(value) ? value.map(String).join(",") : String(value);
  }
  return { attributes, queries };
}

/** `/system/*` menus of one row, which REST prints as an object; `/system/health` on v7 has a row per sensor. */
const singleRowMenus: ReadonlySet<string> = new Set(["system/resource", "system/identity", "system/routerboard", "system/license"]);

type Plan = { request: RequestSentence; kind: "list" | "item" | "single" | "add" | "set" | "remove" | "command" };

/** Which API command an HTTP request stands for, or the 4xx answer when it can't be one. */
function planFor(method: string, url: URL, body: Record<string, unknown>): Plan | HttpAnswer {
  const path = decodeURIComponent(url.pathname.replace(/^\/rest\/?/, "")).replace(/\/+$/, "");
  const sentence = (command: string, attributes: Record<string, string>, queries: string[] = []): RequestSentence => ({
    command: `/${command}`,
    attributes,
    api: {},
    queries,
  });
  const slash = path.lastIndexOf("/");
  const parent = path.slice(0, slash);
  const item = path.slice(slash + 1);
  if (method === "POST") {
    const { attributes, queries } = attributesOf(body);
    return { request: sentence(path, attributes, queries), kind: "command" };
  }
  if (method === "GET") {
    const attributes: Record<string, string> = {};
    const queries: string[] = [];
    for (const [name, value] of url.searchParams) {
      if (name.startsWith(".")) attributes[name] = value;
      else queries.push(`?${name}=${value}`);
    }
    if (menuByPath.has(path)) return { request: sentence(`${path}/print`, attributes, queries), kind: singleRowMenus.has(path) || menuByPath.get(path)?.settings ? "single" : "list" };
    if (!menuByPath.has(parent)) return failure(400, `no such command or directory (${item})`);
    const key = item.startsWith("*") ? ".id" : "name";
    return { request: sentence(`${parent}/print`, attributes, [`?${key}=${item}`]), kind: "item" };
  }
  const { attributes } = attributesOf(body);
  if (method === "PUT") return { request: sentence(`${path}/add`, attributes), kind: "add" };
  if (method === "PATCH") return { request: sentence(`${parent}/set`, { ...attributes, ".id": item }), kind: "set" };
  if (method === "DELETE") return { request: sentence(`${parent}/remove`, { ".id": item }), kind: "remove" };
  return failure(400, `unsupported method ${method}`);
}

function rowsOf(replies: ReplySentence[]): Record<string, string>[] {
  return replies.filter((reply) => reply.type === "!re").map((reply) => reply.attributes);
}

/** One item as REST shows it after PUT/PATCH: a print of that id. */
function printOne(state: RouterState, request: RequestSentence, id: string): Record<string, string> | undefined {
  const menu = request.command.slice(1, request.command.lastIndexOf("/"));
  const key = id.startsWith("*") ? ".id" : "name";
  return rowsOf(dispatch(state, { command: `/${menu}/print`, attributes: {}, api: {}, queries: [`?${key}=${id}`] }))[0];
}

function answerFor(plan: Plan, replies: ReplySentence[], state: RouterState): HttpAnswer {
  const traps = replies.filter((reply) => reply.type === "!trap");
  if (traps.length > 0) {
    const message = traps[0].attributes.message ?? "failure";
    if (message === "no such item" && plan.kind !== "command") return failure(404);
    // A missing verb in a known menu is 406; a missing menu is 400 (ROUTEROS.md §6, §7).
    const verb = plan.request.command.slice(plan.request.command.lastIndexOf("/") + 1);
    return failure(message === `no such command or directory (${verb})` && plan.kind === "command" ? 406 : 400, message);
  }
  const rows = rowsOf(replies);
  const doneAttributes = replies.find((reply) => reply.type === "!done")?.attributes ?? {};
  switch (plan.kind) {
    case "list":
      return { status: 200, body: rows };
    case "single":
      return { status: 200, body: rows[0] ?? {} };
    case "item":
      return rows[0] ? { status: 200, body: rows[0] } : failure(404);
    case "add":
      return { status: 201, body: printOne(state, plan.request, doneAttributes.ret ?? "") ?? { ".id": doneAttributes.ret } };
    case "set":
      return { status: 200, body: printOne(state, plan.request, plan.request.attributes[".id"]) ?? {} };
    case "remove":
      return { status: 204 };
    default:
      if (rows.length > 0) return { status: 200, body: rows };
      return { status: 200, body: Object.keys(doneAttributes).length > 0 ? doneAttributes : [] };
  }
}

async function execute(plan: Plan, context: RestFacadeContext): Promise<HttpAnswer> {
  const { state, faults } = context;
  const path = plan.request.command;
  context.metrics.command(path);
  await delay(commandDelay(faults, path, context.random));
  const trapped = injectedTrap(faults, path);
  if (trapped !== undefined) return failure(400, trapped);
  const verb = path.slice(path.lastIndexOf("/") + 1);
  const endless =
    matchingPattern(faults.stalledCommands, path) !== undefined ||
    verb === "listen" ||
    "follow" in plan.request.attributes ||
    "follow-only" in plan.request.attributes ||
    openStream(state, plan.request) !== undefined;
  if (endless) {
    await delay(context.timeoutMs);
    return failure(400, "Session closed");
  }
  return answerFor(plan, dispatch(state, plan.request), state);
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown> | HttpAnswer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return failure(400, "JSON parsing error: expected an object");
    return parsed as Record<string, unknown>;
  } catch (error) {
    return failure(400, `JSON parsing error: ${error instanceof Error ? error.message : "invalid JSON"}`);
  }
}

const isAnswer = (value: unknown): value is HttpAnswer =>
  typeof value === "object" && value !== null && "status" in value && typeof value.status === "number";

async function handle(request: IncomingMessage, context: RestFacadeContext): Promise<HttpAnswer> {
  context.metrics.restRequest();
  if (!authorised(request, context)) return failure(401);
  const url = new URL(request.url ?? "/", "https://router");
  if (!url.pathname.startsWith("/rest/")) return failure(404);
  const body = await readBody(request);
  if (isAnswer(body)) return body;
  const plan = planFor(request.method ?? "GET", url, body);
  return isAnswer(plan) ? plan : execute(plan, context);
}

/** The request handler for an HTTPS server; requests wait their turn, as on the router's web server. */
export function createRestHandler(context: RestFacadeContext): (request: IncomingMessage, response: ServerResponse) => void {
  let queue: Promise<void> = Promise.resolve();
  return (request, response) => {
    queue = queue.then(async () => {
      const answer = await handle(request, context).catch((error: unknown) => failure(400, error instanceof Error ? error.message : "failure"));
      const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
      context.metrics.bytesOut(Buffer.byteLength(text));
      const headers: Record<string, string> = answer.body === undefined ? {} : { "content-type": "application/json" };
      if (answer.status === 401) headers["www-authenticate"] = 'Basic realm="REST API"';
      response.writeHead(answer.status, headers).end(text);
    });
  };
}
