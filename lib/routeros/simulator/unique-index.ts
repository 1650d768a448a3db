/*
 * Rows of a table by the value of their first unique property, so the uniqueness check of an `add` costs
 * one lookup instead of a scan (a 10,000-row bulk sync would otherwise compare 50 million rows).
 * Tables only grow in place (push) or are replaced on removal, so the index follows pushes and is rebuilt
 * for a new array; a `set` that changes the property drops it (`forgetUniqueIndex`).
 */
import type { Row } from "./router-state";

type Index = { property: string; indexed: number; byValue: Map<string | undefined, Row[]> };

const indexes = new WeakMap<Row[], Index>();

export function rowsWithValue(rows: Row[], property: string, value: string | undefined): Row[] {
  let index = indexes.get(rows);
  if (!index || index.property !== property || index.indexed > rows.length) {
    index = { property, indexed: 0, byValue: new Map() };
    indexes.set(rows, index);
  }
  for (; index.indexed < rows.length; index.indexed += 1) {
    const row = rows[index.indexed];
    const key = row.props[property];
    const bucket = index.byValue.get(key);
    if (bucket) bucket.push(row);
    else index.byValue.set(key, [row]);
  }
  // A bucket may hold a row whose value changed since (set): the caller compares the values again.
  return index.byValue.get(value) ?? [];
}

export function forgetUniqueIndex(rows: Row[]): void {
  indexes.delete(rows);
}
