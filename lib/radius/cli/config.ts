/*
 * `npm run radius:config -- --out <dir>`: writes NetSphere's FreeRADIUS configuration directory (freeradius-config.ts)
 * for `freeradius -f -d <dir>`. It holds the RADIUS key and the database password, so it is written readable by its
 * owner only; give it to the user FreeRADIUS runs as (freerad with Debian's package).
 *
 *   RADIUS_DB_URL        how FreeRADIUS reaches Postgres (postgres://netsphere_radius:<password>@host:5432/db?sslmode=require);
 *                        without it, DATABASE_URL's host, port and database with netsphere_radius and RADIUS_DB_PASSWORD
 *   ENCRYPTION_SECRET    the app's secret (the RADIUS key is derived from it)
 *   RADIUS_AUTH_PORT     1812    RADIUS_ACCT_PORT  1813    RADIUS_LISTEN  * (every IPv4 address; :: for IPv6)
 *   RADIUS_LOG_DIR       /var/log/freeradius                RADIUS_RUN_DIR /var/run/freeradius
 *   RADIUS_RUN_AS        none (FreeRADIUS runs as the user that starts it), or "user:group" to switch to after start-up
 *   RADIUS_DB_CONNECTIONS 16    RADIUS_CLIENT_LIFETIME 300 (seconds a NAS's definition is kept before it is read again)
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { freeradiusConfig } from "@/lib/radius/freeradius-config";
import { radiusKey } from "@/lib/radius/crypto";
import { RADIUS_ROLE } from "@/lib/radius/setup";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const Env = z
  .object({
    RADIUS_DB_URL: z.string().url().optional(),
    DATABASE_URL: z.string().url().optional(),
    RADIUS_DB_PASSWORD: z.string().min(1).optional(),
    ENCRYPTION_SECRET: z.string().min(32, "ENCRYPTION_SECRET must be the app's (at least 32 characters)"),
    RADIUS_AUTH_PORT: port(1812),
    RADIUS_ACCT_PORT: port(1813),
    RADIUS_LISTEN: z.string().min(1).default("*"),
    RADIUS_LOG_DIR: z.string().min(1).default("/var/log/freeradius"),
    RADIUS_RUN_DIR: z.string().min(1).default("/var/run/freeradius"),
    RADIUS_RUN_AS: z
      .string()
      .regex(/^(none|[a-z_][a-z0-9_-]*:[a-z_][a-z0-9_-]*)$/, 'RADIUS_RUN_AS is "user:group" or "none"')
      .default("none"),
    RADIUS_DB_CONNECTIONS: z.coerce.number().int().min(1).max(256).default(16),
    RADIUS_CLIENT_LIFETIME: z.coerce.number().int().min(1).default(300),
  })
  .refine((env) => env.RADIUS_DB_URL || (env.DATABASE_URL && env.RADIUS_DB_PASSWORD), {
    message: "Set RADIUS_DB_URL, or DATABASE_URL with RADIUS_DB_PASSWORD (the password radius:setup gave netsphere_radius)",
  });

const { values } = parseArgs({ options: { out: { type: "string" } } });
const parsed = Env.safeParse(process.env);
if (!values.out || !parsed.success) {
  if (!values.out) console.error("Usage: npm run radius:config -- --out <directory>");
  if (!parsed.success) for (const issue of parsed.error.issues) console.error(`${issue.path.join(".") || "environment"}: ${issue.message}`);
  process.exit(1);
}
const env = parsed.data;
const url = new URL(env.RADIUS_DB_URL ?? env.DATABASE_URL!);
const out = path.resolve(values.out);
const [user, group] = env.RADIUS_RUN_AS.split(":");

const files = freeradiusConfig({
  database: {
    host: url.hostname,
    port: Number(url.port || 5432),
    dbname: decodeURIComponent(url.pathname.slice(1)),
    user: env.RADIUS_DB_URL ? decodeURIComponent(url.username) : RADIUS_ROLE,
    password: env.RADIUS_DB_URL ? decodeURIComponent(url.password) : env.RADIUS_DB_PASSWORD!,
    sslmode: url.searchParams.get("sslmode") ?? undefined,
  },
  radiusKey: radiusKey(env.ENCRYPTION_SECRET),
  authPort: env.RADIUS_AUTH_PORT,
  acctPort: env.RADIUS_ACCT_PORT,
  listenAddress: env.RADIUS_LISTEN,
  configDir: out,
  logDir: env.RADIUS_LOG_DIR,
  runDir: env.RADIUS_RUN_DIR,
  runAs: env.RADIUS_RUN_AS === "none" ? undefined : { user, group },
  maxConnections: env.RADIUS_DB_CONNECTIONS,
  clientLifetime: env.RADIUS_CLIENT_LIFETIME,
});
for (const file of files) {
  const target = path.join(out, file.path);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  fs.writeFileSync(target, file.contents, { mode: 0o600 });
  // An existing file keeps its mode on write: make sure the secrets are not readable by others.
  fs.chmodSync(target, 0o600);
}
console.log(`Wrote ${files.length} files to ${out}. Check them with: freeradius -XC -d ${out}`);
