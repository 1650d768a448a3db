import "server-only";
import path from "node:path";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { localDriver } from "@/lib/storage/drivers/local";
import { s3Driver } from "@/lib/storage/drivers/s3";
import type { StorageDriver } from "@/lib/storage/drivers/types";

export type { StorageDriver } from "@/lib/storage/drivers/types";

const globalForStorage = globalThis as unknown as { netsphereStorage?: StorageDriver; netsphereStorageOverride?: StorageDriver | null };

/** The driver `STORAGE_DRIVER` names: local disk under `STORAGE_DIR` (default) or an S3-compatible bucket. */
export function storageDriver(): StorageDriver {
  if (globalForStorage.netsphereStorageOverride) return globalForStorage.netsphereStorageOverride;
  globalForStorage.netsphereStorage ??= driverFromEnv();
  return globalForStorage.netsphereStorage;
}

/** Tests (and tools) swap the driver: a temporary directory, a loopback S3, one that fails. `null` restores it. */
export function setStorageDriver(driver: StorageDriver | null) {
  globalForStorage.netsphereStorageOverride = driver;
}

function driverFromEnv(): StorageDriver {
  const e = env();
  if (e.STORAGE_DRIVER === "s3") {
    const missing = (["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const).filter((name) => !e[name]);
    if (missing.length) throw new Error(`STORAGE_DRIVER=s3 needs ${missing.join(", ")}`);
    return s3Driver({
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      bucket: e.S3_BUCKET!,
      accessKeyId: e.S3_ACCESS_KEY_ID!,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
      forcePathStyle: e.S3_FORCE_PATH_STYLE === undefined ? undefined : e.S3_FORCE_PATH_STYLE === "true",
    });
  }
  if (process.env.VERCEL) logger.warn("STORAGE_DRIVER=local on Vercel: uploaded files are lost when the function is recycled; use s3");
  return localDriver(path.resolve(e.STORAGE_DIR));
}
