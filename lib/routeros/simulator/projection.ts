/*
 * How a stored row becomes a reply: `.id` first, then its properties, cut down by `.proplist`
 * (shared by `print` and `listen` so both leave out missing properties the same way).
 */
import type { RequestSentence } from "../types";
import type { Row } from "./router-state";

export function itemOf(row: Row): Record<string, string> {
  return row.id ? { ".id": row.id, ...row.props } : { ...row.props };
}

/** `=.proplist=` as an attribute or (as some clients send it) an API word; undefined means every property. */
export function proplistOf(request: RequestSentence): string[] | undefined {
  const text = request.attributes[".proplist"] ?? request.api.proplist;
  return text === undefined ? undefined : text.split(",").filter(Boolean);
}

/** Listed properties an item lacks are left out, never sent empty (ROUTEROS.md §1.3). */
export function project(item: Record<string, string>, proplist: string[] | undefined): Record<string, string> {
  if (!proplist) return item;
  const picked: Record<string, string> = {};
  for (const name of proplist) if (item[name] !== undefined) picked[name] = item[name];
  return picked;
}
