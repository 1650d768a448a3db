/*
 * A menu helper built from a field table: `print` sends the table's `.proplist` (so slow fields never
 * travel, ROUTEROS.md §5.4) with optional queries and returns typed rows; writable menus add `add`
 * (returns the new id), `set` and `remove` by id. All of it over RouterOsApi, so any transport works.
 */
import type { CommandOptions, RouterOsApi } from "../api";
import { RouterOsError, RouterOsTrapError } from "../errors";
import { attributesOf, proplistOf, readRow, type FieldTable, type InputOf, type RowOf } from "./fields";

export type PrintOptions = CommandOptions & {
  /** Query words as the API takes them: `["?name=alice"]`, `["?profile=a", "?profile=b", "?#|"]`. */
  queries?: string[];
};

export type ReadOnlyMenu<S extends FieldTable> = {
  path: string;
  fields: S;
  print(api: RouterOsApi, options?: PrintOptions): Promise<RowOf<S>[]>;
  read(raw: Record<string, string>): RowOf<S>;
};

export type EditableMenu<S extends FieldTable> = ReadOnlyMenu<S> & {
  /** `set` by `.id` (or by name in menus with unique names). */
  set(api: RouterOsApi, id: string, changes: InputOf<S>, options?: CommandOptions): Promise<void>;
};

export type WritableMenu<S extends FieldTable, Required extends keyof InputOf<S>> = EditableMenu<S> & {
  /** Resolves with the new item's `.id`. */
  add(api: RouterOsApi, input: InputOf<S> & { [K in Required]-?: NonNullable<InputOf<S>[K]> }, options?: CommandOptions): Promise<string>;
  remove(api: RouterOsApi, id: string, options?: CommandOptions): Promise<void>;
};

export function readOnlyMenu<S extends FieldTable>(path: string, fields: S): ReadOnlyMenu<S> {
  const proplist = proplistOf(fields);
  const read = (raw: Record<string, string>) => readRow(path, fields, raw);
  return {
    path,
    fields,
    read,
    async print(api, { queries = [], ...options } = {}) {
      const { rows } = await api.write(`${path}/print`, { ".proplist": proplist }, queries, options);
      return rows.map(read);
    },
  };
}

export function editableMenu<S extends FieldTable>(path: string, fields: S): EditableMenu<S> {
  return {
    ...readOnlyMenu(path, fields),
    async set(api, id, changes, options) {
      await api.write(`${path}/set`, { ...attributesOf(fields, changes), ".id": id }, [], options);
    },
  };
}

/** `required` names the inputs `add` can't do without (checked here too, for callers outside TypeScript). */
export function writableMenu<S extends FieldTable, Required extends keyof InputOf<S> = never>(
  path: string,
  fields: S,
  required: Required[] = [],
): WritableMenu<S, Required> {
  return {
    ...editableMenu(path, fields),
    async add(api, input, options) {
      const missing = required.filter((name) => (input as Record<PropertyKey, unknown>)[name] === undefined);
      if (missing.length > 0) throw new RangeError(`${path}/add needs ${missing.join(", ")}`);
      const { ret } = await api.write(`${path}/add`, attributesOf(fields, input), [], options);
      if (ret === undefined) throw new RouterOsError("protocol", `${path}/add answered without the new id`);
      return ret;
    },
    async remove(api, id, options) {
      await api.write(`${path}/remove`, { ".id": id }, [], options);
    },
  };
}

/** The `no such item` trap: the thing is already gone, which a kick or cleanup counts as done (ROUTEROS.md §4). */
export function isNoSuchItem(error: unknown): boolean {
  return error instanceof RouterOsTrapError && error.traps.some((trap) => trap.message === "no such item");
}

/** The double trap of a missing menu (`no such command or directory (…)`), e.g. CHR's `/system/routerboard`. */
export function isMissingMenu(error: unknown): boolean {
  return error instanceof RouterOsTrapError && error.traps.some((trap) => trap.message.startsWith("no such command"));
}
