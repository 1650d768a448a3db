/*
 * `listen` and `print =follow=` / `=follow-only=` (ROUTEROS.md §1.6, checklist 16): a `!re` for every
 * change made by any connection, and `=.dead=true` when a row goes away. They never finish on their
 * own; the server ends them on `/cancel`.
 */
import type { ReplySentence, RequestSentence } from "../types";
import { computedMenus, menuByPath } from "./menus";
import { itemOf, project, proplistOf } from "./projection";
import { matchesQuery } from "./query";
import { reply } from "./replies";
import { tableOf, type RouterState } from "./router-state";

export type OpenListen = {
  /** Rows sent before any change: the table for `=follow=`, nothing for `listen` and `=follow-only=`. */
  initial: ReplySentence[];
  /** Starts pushing changes; returns the function that stops it. */
  subscribe: (emit: (replies: ReplySentence[]) => void) => () => void;
};

export function openListen(state: RouterState, request: RequestSentence): OpenListen | undefined {
  const path = request.command.replace(/^\/+|\/+$/g, "");
  const verbAt = path.lastIndexOf("/");
  const menu = menuByPath.get(path.slice(0, verbAt));
  const verb = path.slice(verbAt + 1);
  const follows = verb === "print" && ("follow" in request.attributes || "follow-only" in request.attributes);
  if (!menu || menu.path.startsWith("system/") || computedMenus.has(menu.path) || (verb !== "listen" && !follows)) return undefined;

  const tag = request.api.tag;
  const proplist = proplistOf(request);
  const initial =
    "follow" in request.attributes
      ? tableOf(state, menu.path)
          .map(itemOf)
          .filter((item) => matchesQuery(item, request.queries))
          .map((item) => reply("!re", project(item, proplist), tag))
      : [];
  return {
    initial,
    subscribe: (emit) => {
      const listener = (changedPath: string, row: { id: string; props: Record<string, string> }, dead: boolean) => {
        if (changedPath !== menu.path) return;
        if (dead) {
          emit([reply("!re", { ".id": row.id, ".dead": "true" }, tag)]);
          return;
        }
        const item = itemOf(row);
        if (matchesQuery(item, request.queries)) emit([reply("!re", project(item, proplist), tag)]);
      };
      state.changeListeners.add(listener);
      return () => state.changeListeners.delete(listener);
    },
  };
}
