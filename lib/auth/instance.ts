import "server-only";
import { createAuth, type Auth } from "@/lib/auth/auth";
import { getDb } from "@/lib/db";

const globalForAuth = globalThis as unknown as { netsphereAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  globalForAuth.netsphereAuth ??= getDb().then((db) => createAuth(db));
  return globalForAuth.netsphereAuth;
}
