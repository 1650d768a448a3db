/*
 * How menus refuse edits and rewrite values on the way in (ROUTEROS.md §3–4): built-in and dynamic rows,
 * rate pairs and `/32` targets for simple queues, single numbers and parents for the queue tree.
 */
import { normaliseRatePair, parseRate, tableOf, type RouterState, type Row } from "./router-state";

export type Verb = "print" | "add" | "set" | "remove" | "enable" | "disable" | "unset";

/** Built-in rows (`default` profiles) refuse removal; dynamic rows (sessions' queues, interfaces) refuse every edit. Both texts are unverified. */
export function refusalFor(row: Row, verb: Verb): string | undefined {
  if (row.props.dynamic === "true") return "failure: can not change dynamic";
  if (verb === "remove" && row.props.default === "true") return "failure: can not remove default profile";
  return undefined;
}

export function normaliseQueue(props: Record<string, string>): void {
  for (const pair of ["max-limit", "limit-at", "burst-limit", "burst-threshold"]) {
    if (props[pair]) props[pair] = normaliseRatePair(props[pair]);
  }
  if (props.target) {
    props.target = props.target
      .split(",")
      .map((target) => (/^\d+\.\d+\.\d+\.\d+$/.test(target) ? `${target}/32` : target))
      .join(",");
  }
}

/** Queue tree values are single numbers, not up/down pairs (ROUTEROS.md §4). */
export function normaliseQueueTree(props: Record<string, string>): void {
  for (const single of ["max-limit", "limit-at", "burst-limit", "burst-threshold"]) {
    if (props[single]) props[single] = String(parseRate(props[single]));
  }
}

/** A tree queue hangs off an interface, `global`, or another tree queue. */
export function checkQueueTreeParent(state: RouterState, props: Record<string, string>) {
  const parent = props.parent;
  if (parent === undefined || parent === "global") return undefined;
  const known = [...tableOf(state, "interface"), ...tableOf(state, "queue/tree")].some((row) => row.props.name === parent);
  return known ? undefined : { message: "input does not match any value of parent", category: "1" };
}
