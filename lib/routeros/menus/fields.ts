/*
 * Typed fields for menu rows: each names its RouterOS property, the values.ts reader that turns the
 * string into a value, and (when writable) how a value is written back. A menu's row and input types
 * are derived from its field table, so the table is the one place a property is described.
 */
import { RouterOsError } from "../errors";
import { formatDuration, parseBool, parseCounter, parseDuration, parseRate, parseRatePair, parseRouterDate, type RouterDateTime } from "../values";

export type Reader<T> = (text: string) => T;

/** `T` is what a print yields, `I` what add/set accept (often the same). */
export type Field<T, I = T> = { property: string; read: Reader<T>; write?: (value: I) => string; required: boolean };

type ReadOnly<T> = { property: string; read: Reader<T>; required: false };
type Writable<T, I> = { property: string; read: Reader<T>; write: (value: I) => string; required: false };

/** A property every row carries (`.id`, `name`); a row without it is a protocol error. */
export function key<T>(property: string, read: Reader<T>): { property: string; read: Reader<T>; required: true };
export function key<T, I>(
  property: string,
  read: Reader<T>,
  write: (value: I) => string,
): { property: string; read: Reader<T>; write: (value: I) => string; required: true };
export function key<T, I>(property: string, read: Reader<T>, write?: (value: I) => string) {
  return write === undefined ? { property, read, required: true as const } : { property, read, write, required: true as const };
}

export const ro = <T>(property: string, read: Reader<T>): ReadOnly<T> => ({ property, read, required: false });
export const rw = <T, I = T>(property: string, read: Reader<T>, write: (value: I) => string): Writable<T, I> => ({
  property,
  read,
  write,
  required: false,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field shape; the mapped types below recover each one
export type FieldTable = Record<string, Field<any, any>>;

type ValueOf<F> = F extends { read: Reader<infer T> } ? T : never;
type InputValueOf<F> = F extends { write: (value: infer I) => string } ? I : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A printed row: required fields always present, the rest only when the router sent them. */
export type RowOf<S extends FieldTable> = Simplify<
  { [K in keyof S as S[K] extends { required: true } ? K : never]: ValueOf<S[K]> } & {
    [K in keyof S as S[K] extends { required: true } ? never : K]?: ValueOf<S[K]>;
  }
>;

/** What add/set accept: the writable fields, all optional. */
export type InputOf<S extends FieldTable> = Simplify<{ [K in keyof S as S[K] extends { write: unknown } ? K : never]?: InputValueOf<S[K]> }>;

// Readers and writers, all from values.ts so there is one way to read each kind of value.
export const text: Reader<string> = (value) => value;
export const flag: Reader<boolean> = parseBool;
export const writeFlag = (value: boolean) => (value ? "true" : "false");
export const writeYesNo = (value: boolean) => (value ? "yes" : "no");
export const counter: Reader<bigint> = parseCounter;
export const writeCounter = (value: bigint | number) => String(value);
export const rate: Reader<number> = parseRate;
export const writeRate = (value: number | string) => String(value);
/** Milliseconds, or null for `none`. */
export const duration: Reader<number | null> = parseDuration;
export const writeDuration = (value: number | null) => formatDuration(value);
export const date: Reader<RouterDateTime> = parseRouterDate;
export const list: Reader<string[]> = (value) => value.split(",").filter(Boolean);
export const writeList = (value: readonly string[]) => value.join(",");

export function integer(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new RangeError(`not an integer: ${JSON.stringify(value)}`);
  return Number(value);
}
export const writeInteger = (value: number) => String(value);

/** v6 prints "never" as the epoch (ROUTEROS.md §3); that reads as null. */
export function dateOrNever(value: string): RouterDateTime | null {
  const parsed = parseRouterDate(value);
  return parsed.year === 1970 && parsed.month === 1 && parsed.day === 1 && parsed.hour === 0 && parsed.minute === 0 ? null : parsed;
}

export type RatePair = { upload: number; download: number };
/** `upload/download` pairs; write numbers or a string the router accepts (`10M/10M`). */
export const ratePair: Reader<RatePair> = parseRatePair;
export const writeRatePair = (value: RatePair | string) => (typeof value === "string" ? value : `${value.upload}/${value.download}`);

export type CounterPair = { upload: bigint; download: bigint };
export function counterPair(value: string): CounterPair {
  const [upload, download, extra] = value.split("/");
  if (download === undefined || extra !== undefined) throw new RangeError(`not a counter pair: ${JSON.stringify(value)}`);
  return { upload: parseCounter(upload), download: parseCounter(download) };
}

/** A PPP/hotspot `rate-limit`: the text as written, and its first `rx/tx` pair (upload/download from the customer's side, §4). */
export type RateLimit = { text: string } & RatePair;
export function rateLimit(value: string): RateLimit {
  return { text: value, ...parseRatePair(value.split(" ")[0]) };
}

/** yes/no/default enums such as `only-one`. */
export function yesNoDefault(value: string): "yes" | "no" | "default" {
  if (value === "yes" || value === "no" || value === "default") return value;
  throw new RangeError(`not yes/no/default: ${JSON.stringify(value)}`);
}

/** Hotspot `shared-users`: a number, or null for `unlimited`. */
export const countOrUnlimited = (value: string): number | null => (value === "unlimited" ? null : integer(value));
export const writeCountOrUnlimited = (value: number | null) => (value === null ? "unlimited" : String(value));

export function proplistOf(fields: FieldTable): string {
  return Object.values(fields)
    .map((field) => field.property)
    .join(",");
}

/** A raw row as typed values; unreadable values fail loudly with the menu and property named. */
export function readRow<S extends FieldTable>(path: string, fields: S, raw: Record<string, string>): RowOf<S> {
  const row: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = raw[field.property];
    if (value === undefined) {
      if (field.required) throw new RouterOsError("protocol", `${path} row without ${field.property}`);
      continue;
    }
    try {
      row[name] = field.read(value);
    } catch (error) {
      throw new RouterOsError("protocol", `${path}: unreadable ${field.property}=${JSON.stringify(value)}`, { cause: error });
    }
  }
  return row as RowOf<S>;
}

/** Input values as attribute words; undefined leaves a property out. */
export function attributesOf<S extends FieldTable>(fields: S, input: InputOf<S>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    const field = fields[name];
    if (value === undefined || !field?.write) continue;
    attributes[field.property] = field.write(value);
  }
  return attributes;
}
