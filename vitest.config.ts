import { randomBytes } from "node:crypto";
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "tests/support/empty.ts") };

/*
 * Secrets for this run: random, so no test passes by knowing a key, and set here in the main process so the
 * global setup and every test file share them. A test that needs other secrets sets its own.
 */
process.env.ENCRYPTION_SECRET ||= randomBytes(48).toString("base64url");
process.env.BETTER_AUTH_SECRET ||= randomBytes(48).toString("base64url");
const secrets = { ENCRYPTION_SECRET: process.env.ENCRYPTION_SECRET, BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET };
/** The fake providers, gateways and buckets listen on 127.0.0.1; tests of the refusal itself clear this. */
const outbound = { OUTBOUND_ALLOWED_HOSTS: "127.0.0.1" };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "tests/unit/**/*.test.ts"],
          exclude: ["lib/**/*.db.test.ts"],
          environment: "node",
          env: { ...secrets, ...outbound },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["lib/**/*.db.test.ts", "tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Background reconciles after a change are switched on only by the tests about them (see lib/provisioning/trigger.db.test.ts).
          env: { NODE_ENV: "test", RECONCILE_ON_CHANGE: "false", NOTIFY_ON_CHANGE: "false", ...secrets, ...outbound },
        },
      },
      // Real network services on real Postgres: FreeRADIUS (it cannot reach the embedded database) and a WireGuard hub
      // in network namespaces whose side reaches the database over its Unix socket. Defined only for the Postgres
      // stage, so the embedded run has no such project at all.
      ...(process.env.TEST_DB_DRIVER === "pg"
        ? [
            {
              resolve: { alias },
              test: {
                name: "network-services",
                include: ["tests/radius/**/*.test.ts", "tests/tunnels/**/*.test.ts"],
                environment: "node" as const,
                globalSetup: ["tests/support/global-setup.ts"],
                testTimeout: 30_000,
                hookTimeout: 90_000,
                env: { NODE_ENV: "test" as const, ...secrets, ...outbound },
              },
            },
          ]
        : []),
    ],
  },
});
