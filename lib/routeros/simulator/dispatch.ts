/*
 * One request in, its reply sentences out: the pure core of the simulator. Streaming commands
 * (monitor-traffic without `=once=`, ping without `=count=`) are opened with `openStream` (commands.ts),
 * and the server decides when to emit each batch and when `/cancel` ends them.
 */
import { networkOf, newWireguardPrivateKey, wireguardPublicKeyOf } from "./wireguard";
import type { ReplySentence, RequestSentence } from "../types";
import { trapCategory } from "../types";
import { knownDirectories, menuByPath, refusalFor, standaloneCommands, type MenuDefinition, type Verb } from "./menus";
import { itemOf, project, proplistOf } from "./projection";
import { matchesQuery } from "./query";
import { runStandalone } from "./commands";
import { logoutHotspotSession } from "./hotspot";
import { done, reply, trap, TrapSignal } from "./replies";
import {
  allocateId,
  currentTime,
  formatRouterDate,
  insertRow,
  notifyChange,
  parseDuration,
  removeRows,
  tableOf,
  versionAtLeast,
  type RouterState,
  type Row,
} from "./router-state";
import { kickSession } from "./ppp-sessions";
import { propertyTypes, requiredOnAdd } from "./menu-types";
import { forgetUniqueIndex, rowsWithValue } from "./unique-index";
import { systemRows } from "./system-menus";
import { arpRows, neighbourRows } from "./topology";

type Replies = ReplySentence[];

function trapReplies(traps: { message: string; category?: string }[], tag: string | undefined): Replies {
  return [...traps.map(({ message, category }) => trap(message, tag, category)), done(tag)];
}

/** Unknown paths get two traps then `!done`, naming the first segment the router doesn't know (ROUTEROS.md §1.4). */
function unknownCommand(state: RouterState, segments: string[], tag: string | undefined): Replies {
  let known = "";
  let unknownSegment = segments[segments.length - 1] ?? "";
  for (const segment of segments) {
    const candidate = known ? `${known}/${segment}` : segment;
    const missingOnChr = state.isChr && candidate === "system/routerboard";
    if (!knownDirectories.has(candidate) || missingOnChr) {
      unknownSegment = segment;
      break;
    }
    known = candidate;
  }
  return trapReplies(
    [
      { category: trapCategory.missingItemOrCommand, message: `no such command or directory (${unknownSegment})` },
      { message: "no such command prefix" },
    ],
    tag,
  );
}

function unknownParameter(state: RouterState, name: string): TrapSignal {
  // v7 names the parameter, v6 does not (ROUTEROS.md §4).
  return new TrapSignal(versionAtLeast(state, "7.0") ? `unknown parameter ${name}` : "unknown parameter");
}

/** Request attributes that are item properties (not `.id`, `numbers`), each checked and stored as its type says (menu-types.ts). */
function propertyAttributes(state: RouterState, menu: MenuDefinition, request: RequestSentence): Record<string, string> {
  const properties: Record<string, string> = {};
  const types = propertyTypes[menu.path] ?? {};
  for (const [name, value] of Object.entries(request.attributes)) {
    if (name === ".id" || name === "numbers") continue;
    if (!menu.writable.includes(name)) throw unknownParameter(state, name);
    const stored = types[name] ? types[name].accept(value, state) : value;
    // Bad enums, references and malformed values all get the one form ROUTEROS.md §4 documents.
    if (stored === undefined) throw new TrapSignal(`input does not match any value of ${name}`, trapCategory.argumentValueFailure);
    properties[name] = stored;
  }
  return properties;
}

/** A required property left out of `add` (the text is unverified; the category is that of a bad argument). */
function checkRequired(menu: MenuDefinition, props: Record<string, string>): void {
  for (const property of requiredOnAdd[menu.path] ?? []) {
    if (!props[property]) throw new TrapSignal(`failure: missing value of ${property}`, trapCategory.argumentValueFailure);
  }
}

function validate(state: RouterState, menu: MenuDefinition, candidate: Record<string, string>, ownId: string | undefined): void {
  if (menu.unique) {
    const { properties, message } = menu.unique;
    const clash = rowsWithValue(tableOf(state, menu.path), properties[0], candidate[properties[0]]).some(
      (row) => row.id !== ownId && properties.every((property) => row.props[property] === candidate[property]),
    );
    if (clash) throw new TrapSignal(message);
  }
  const problem = menu.check?.(state, candidate);
  if (problem) throw new TrapSignal(problem.message, problem.category);
}

function rowsOf(state: RouterState, menu: MenuDefinition): Row[] {
  if (menu.path === "ip/neighbor") return neighbourRows(state);
  if (menu.path === "ip/arp") return arpRows(state);
  return menu.path.startsWith("system/") ? systemRows(state, menu.path) : tableOf(state, menu.path);
}

/** `.id`/`numbers` may be a comma list of ids, or names where names are unique; any miss refuses the whole command. */
function resolveTargets(state: RouterState, menu: MenuDefinition, request: RequestSentence): Row[] {
  const reference = request.attributes[".id"] ?? request.attributes.numbers;
  if (reference === undefined || reference === "") throw new TrapSignal("no such item");
  const rows = tableOf(state, menu.path);
  return reference.split(",").map((part) => {
    const row = rows.find((candidate) => candidate.id === part || (menu.addressableByName && candidate.props.name === part));
    if (!row) throw new TrapSignal("no such item");
    return row;
  });
}

function print(state: RouterState, menu: MenuDefinition, request: RequestSentence, tag: string | undefined): Replies {
  const matching = rowsOf(state, menu)
    .map(itemOf)
    .filter((item) => matchesQuery(item, request.queries));
  if ("count-only" in request.attributes) return [done(tag, { ret: String(matching.length) })];
  const proplist = proplistOf(request);
  const rows = matching.map((item) => reply("!re", project(item, proplist), tag));
  if (rows.length === 0 && versionAtLeast(state, "7.18")) return [reply("!empty", {}, tag), done(tag)];
  return [...rows, done(tag)];
}

function add(state: RouterState, menu: MenuDefinition, request: RequestSentence, tag: string | undefined): Replies {
  const props = { ...menu.defaults, ...propertyAttributes(state, menu, request) };
  if (menu.path === "queue/simple" && !props.name) props.name = `queue${tableOf(state, menu.path).length + 1}`;
  checkRequired(menu, props);
  menu.normalise?.(props);
  validate(state, menu, props, undefined);
  if (menu.path === "ip/firewall/address-list") {
    if (props.timeout) props.dynamic = "true";
    if (versionAtLeast(state, "7.0")) props["creation-time"] = formatRouterDate(state, currentTime(state));
  }
  // v6 prints "never logged out" as the epoch; v7 leaves the field out until a session ends (unverified).
  if (menu.path === "ppp/secret" && !versionAtLeast(state, "7.0")) props["last-logged-out"] = "jan/01/1970 00:00:00";
  if (menu.path === "interface/wireguard") {
    props["private-key"] ||= newWireguardPrivateKey();
    props["public-key"] = wireguardPublicKeyOf(props["private-key"]);
  }
  if (menu.path === "ip/address") props.network ||= networkOf(props.address);
  // Filter rules run in table order: `place-before` puts the new rule above the one named (RouterOS's own order).
  const before = props["place-before"];
  delete props["place-before"];
  const id = allocateId(state);
  if (before !== undefined) {
    const rows = tableOf(state, menu.path);
    const at = rows.findIndex((row) => row.id === before);
    if (at < 0) throw new TrapSignal("no such item");
    rows.splice(at, 0, { id, props });
    notifyChange(state, menu.path, rows[at], false);
    return [done(tag, { ret: id })];
  }
  insertRow(state, menu.path, { id, props });
  if (menu.path === "ip/firewall/address-list" && props.timeout) state.addressListExpiry.set(id, state.elapsedSeconds + parseDuration(props.timeout));
  return [done(tag, { ret: id })];
}

function modify(state: RouterState, menu: MenuDefinition, verb: Verb, request: RequestSentence, tag: string | undefined): Replies {
  if (menu.path === "system/identity") {
    state.identity = propertyAttributes(state, menu, request).name ?? state.identity;
    return [done(tag)];
  }
  if (menu.settings) {
    // One row, no id to resolve: `/ppp/aaa/set =use-radius=yes`.
    const [row] = tableOf(state, menu.path);
    Object.assign(row.props, propertyAttributes(state, menu, request));
    notifyChange(state, menu.path, row, false);
    return [done(tag)];
  }
  const targets = resolveTargets(state, menu, request);
  for (const row of targets) {
    const refusal = refusalFor(row, verb);
    if (refusal) throw new TrapSignal(refusal);
  }
  if (verb === "remove") {
    for (const row of targets) {
      if (menu.path === "ppp/active") kickSession(state, row.id, "administrative-disconnect");
      else if (menu.path === "ip/hotspot/active") logoutHotspotSession(state, row.id);
      else removeRows(state, menu.path, (candidate) => candidate.id === row.id);
    }
    return [done(tag)];
  }
  if (verb === "unset") {
    const names = (request.attributes["value-name"] ?? "").split(",").filter(Boolean);
    for (const name of names) if (!menu.writable.includes(name) || name === "name") throw unknownParameter(state, name);
    if (menu.unique?.properties.some((property) => names.includes(property))) forgetUniqueIndex(tableOf(state, menu.path));
    for (const row of targets) {
      for (const name of names) delete row.props[name];
      notifyChange(state, menu.path, row, false);
    }
    return [done(tag)];
  }
  const changes = verb === "set" ? propertyAttributes(state, menu, request) : { disabled: verb === "disable" ? "true" : "false" };
  menu.normalise?.(changes);
  for (const row of targets) validate(state, menu, { ...row.props, ...changes }, row.id);
  if (menu.unique?.properties.some((property) => property in changes)) forgetUniqueIndex(tableOf(state, menu.path));
  for (const row of targets) {
    Object.assign(row.props, changes);
    notifyChange(state, menu.path, row, false);
  }
  return [done(tag)];
}

export function dispatch(state: RouterState, request: RequestSentence): Replies {
  const tag = request.api.tag;
  const path = request.command.replace(/^\/+|\/+$/g, "");
  const segments = path.split("/");
  try {
    if (standaloneCommands.has(path)) return runStandalone(state, path, request, tag);
    const verb = segments[segments.length - 1] === "getall" ? "print" : (segments[segments.length - 1] as Verb);
    const menu = menuByPath.get(segments.slice(0, -1).join("/"));
    if (!menu || !menu.verbs.includes(verb) || (state.isChr && menu.path === "system/routerboard")) return unknownCommand(state, segments, tag);
    if (verb === "print") return print(state, menu, request, tag);
    if (verb === "add") return add(state, menu, request, tag);
    return modify(state, menu, verb, request, tag);
  } catch (error) {
    if (error instanceof TrapSignal) return trapReplies([{ message: error.trapMessage, category: error.category }], tag);
    throw error;
  }
}
