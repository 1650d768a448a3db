/**
 * Where the bytes of stored files live. Keys are ours (`<tenantId>/<purpose>/<yyyy>/<mm>/<uuid>`), never a
 * user's filename; drivers still refuse keys that could leave their root.
 */
export interface StorageDriver {
  readonly name: string;
  /** Writes the whole object; after it resolves a `get` returns these bytes. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
}

const segment = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * A storage key is 1–8 `/`-separated segments of letters, digits, `.`, `_` and `-`, none of them `.` or
 * `..`, with no leading slash or backslash: it names an object under the driver's root and nothing else.
 */
export function assertSafeKey(key: string): string {
  const parts = key.split("/");
  const ok =
    key.length > 0 && key.length <= 512 && parts.length <= 8 && parts.every((p) => segment.test(p) && p !== "." && p !== ".." && !p.includes(".."));
  if (!ok) throw new Error(`Refused storage key ${JSON.stringify(key.slice(0, 80))}: keys are relative paths of plain segments.`);
  return key;
}
