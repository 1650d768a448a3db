import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(".data"),
  ENCRYPTION_SECRET: z.string().min(32, "ENCRYPTION_SECRET must be at least 32 characters").optional(),
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  APP_URL: z.string().url().default("http://localhost:3000"),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("NetSphere <no-reply@netsphere.local>"),
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** "false": the demo's routers are not started and never contacted (not polled, reconciled or tested). */
  DEMO_ROUTERS: z.enum(["true", "false"]).default("true"),
  /** First API port of the demo's simulated routers (one port per router), so two instances on one machine never meet. */
  DEMO_ROUTER_PORT_BASE: z.coerce.number().int().min(1024).max(65500).default(18728),
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
});

export type Env = z.infer<typeof schema>;
let cached: Env | undefined;

/** Environment variables, parsed once. Development gets fixed dev-only secrets so it runs with no setup. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (parsed.NODE_ENV === "production" && process.env.NETSPHERE_DEMO !== "true") {
    if (!parsed.ENCRYPTION_SECRET) throw new Error("ENCRYPTION_SECRET is required in production");
    if (!parsed.BETTER_AUTH_SECRET) throw new Error("BETTER_AUTH_SECRET is required in production");
  }
  cached = {
    ...parsed,
    ENCRYPTION_SECRET: parsed.ENCRYPTION_SECRET ?? "netsphere-development-encryption-secret-not-for-production",
    BETTER_AUTH_SECRET: parsed.BETTER_AUTH_SECRET ?? "netsphere-development-auth-secret-not-for-production",
  };
  return cached;
}
