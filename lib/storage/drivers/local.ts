import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { assertSafeKey, type StorageDriver } from "@/lib/storage/drivers/types";

const isMissing = (error: unknown) => (error as { code?: string } | null)?.code === "ENOENT";

/**
 * Files in a directory on this server's disk. A write goes to a temporary file beside the target and is
 * renamed into place, so a reader sees the whole file or none of it; a key cannot name a path outside `root`.
 */
export function localDriver(root: string): StorageDriver {
  const base = path.resolve(root);
  const pathOf = (key: string) => {
    const target = path.resolve(base, assertSafeKey(key));
    if (!target.startsWith(base + path.sep)) throw new Error("Refused storage key outside the storage directory.");
    return target;
  };
  return {
    name: "local",
    async put(key, bytes) {
      const target = pathOf(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomUUID()}.tmp`;
      try {
        await fs.writeFile(temp, bytes, { flag: "wx", mode: 0o600 });
        await fs.rename(temp, target);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await fs.readFile(pathOf(key)));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      await fs.rm(pathOf(key), { force: true });
    },
  };
}
