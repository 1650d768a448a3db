import { z } from "zod";
import { allowlistProblem } from "@/lib/core/addresses";
import { localSecrets, type LocalSecrets } from "@/lib/core/local-secrets";
import { tileSettingsProblem } from "@/lib/core/map-tiles";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /**
   * Connections the app opens to DATABASE_URL in each process, for each of its two pools (sign-in and operator work;
   * ISP work). 10 on a server; 2–3 on Vercel, where every function instance has its own pools.
   */
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1, "DATABASE_POOL_SIZE must be 1 to 100")
    .max(100, "DATABASE_POOL_SIZE must be 1 to 100")
    .default(10),
  DATA_DIR: z.string().default(".data"),
  ENCRYPTION_SECRET: z.string().min(32, "ENCRYPTION_SECRET must be at least 32 characters").optional(),
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  /** Where staff and subscribers reach the app; unset, the local address on PORT (`npm run dev` and `npm start` listen there). */
  APP_URL: z
    .string()
    .url()
    .default(`http://localhost:${/^\d{2,5}$/.test(process.env.PORT ?? "") ? process.env.PORT : "3000"}`),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("NetSphere <no-reply@netsphere.local>"),
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** "false": the demo's routers are not started and never contacted (not polled, reconciled or tested). */
  DEMO_ROUTERS: z.enum(["true", "false"]).default("true"),
  /** First API port of the demo's simulated routers (one port per router), so two instances on one machine never meet. */
  DEMO_ROUTER_PORT_BASE: z.coerce.number().int().min(1024).max(65500).default(18728),
  /** Days a new ISP uses NetSphere free before its first NetSphere invoice (lib/tenants/standing.ts). */
  NETSPHERE_TRIAL_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  /** Overrides the installation id stored in the database (the owner tag in router markers); 6–12 lower-case letters or digits. */
  INSTALLATION_ID: z
    .string()
    .regex(/^[a-z0-9]{6,12}$/, "INSTALLATION_ID must be 6–12 lower-case letters or digits")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Uploaded files (documents, attachments, work-log photos): size limit and where the bytes live. */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Staff sign-in attempts allowed per minute from one address (the per-account lockout is separate). */
  AUTH_SIGN_IN_PER_MINUTE: z.coerce.number().int().positive().default(20),
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  STORAGE_DIR: z.string().default(".data/files"),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).optional(),
  /**
   * Host names and CIDR blocks the server may call although they are not public internet addresses (a self-hosted
   * SMS gateway on 10.0.0.5, a router tunnel on 127.0.0.1), comma-separated; plain http:// to them is allowed in
   * production too. Read per call by lib/core/outbound.ts, checked here at start-up.
   */
  OUTBOUND_ALLOWED_HOSTS: z
    .string()
    .default("")
    .superRefine((value, ctx) => {
      const problem = allowlistProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `OUTBOUND_ALLOWED_HOSTS: ${problem}` });
    }),
  /** The network map's tiles (lib/core/map-tiles.ts): OpenStreetMap's by default, another XYZ server, or a PMTiles file. */
  /** RADIUS mode (lib/radius): the address routers send RADIUS to (FreeRADIUS beside NetSphere) and its ports. */
  RADIUS_SERVER_ADDRESS: z.string().optional(),
  RADIUS_AUTH_PORT: z.coerce.number().int().min(1).max(65535).default(1812),
  RADIUS_ACCT_PORT: z.coerce.number().int().min(1).max(65535).default(1813),
  /** Days ended RADIUS sessions are kept (radacct_archive, dropped a month at a time); the Philippines' Cybercrime Prevention Act asks for six months of traffic data. */
  RADIUS_ACCOUNTING_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
  /** The WireGuard hub (lib/tunnels) runs on this worker's host: its peers' handshakes are read with `wg show` every minute. */
  WIREGUARD_HUB_LOCAL: z.enum(["true", "false"]).default("false"),
  MAP_TILE_URL: z.string().optional(),
  MAP_PMTILES_URL: z.string().optional(),
  MAP_TILE_ATTRIBUTION: z.string().optional(),
  MAP_TILE_MAX_ZOOM: z.string().optional(),
});

/** Settings that are only usable together. */
const checkedSchema = schema.superRefine((vars, ctx) => {
  const problem = tileSettingsProblem(vars);
  if (problem) ctx.addIssue({ code: "custom", path: ["MAP_TILE_URL"], message: problem });
});

type ParsedEnv = z.infer<typeof schema>;
export type Env = ParsedEnv & LocalSecrets;
let cached: Env | undefined;

/** Environment variables, parsed once. */
export function env(): Env {
  cached ??= readEnv(process.env);
  return cached;
}

/** Parses an environment; secrets come from it, or (embedded demo only) from DATA_DIR's secrets file. */
export function readEnv(source: Record<string, string | undefined>): Env {
  const parsed = checkedSchema.parse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  return { ...parsed, ...secretsOf(parsed) };
}

/**
 * No secret is ever built in. A server on Postgres or in production must be given both; only the embedded
 * demo (no DATABASE_URL, not production) makes its own on first start and keeps them in DATA_DIR.
 */
function secretsOf(parsed: ParsedEnv): LocalSecrets {
  const { ENCRYPTION_SECRET, BETTER_AUTH_SECRET } = parsed;
  if (ENCRYPTION_SECRET && BETTER_AUTH_SECRET) return { ENCRYPTION_SECRET, BETTER_AUTH_SECRET };
  if (parsed.DATABASE_URL || parsed.NODE_ENV === "production") {
    const missing = ENCRYPTION_SECRET ? "BETTER_AUTH_SECRET" : "ENCRYPTION_SECRET";
    const where = parsed.DATABASE_URL ? "with DATABASE_URL" : "in production";
    throw new Error(`${missing} is not set. NetSphere ${where} needs it: 32+ random characters, e.g. from: openssl rand -base64 48`);
  }
  const stored = localSecrets(parsed.DATA_DIR);
  return { ENCRYPTION_SECRET: ENCRYPTION_SECRET ?? stored.ENCRYPTION_SECRET, BETTER_AUTH_SECRET: BETTER_AUTH_SECRET ?? stored.BETTER_AUTH_SECRET };
}
