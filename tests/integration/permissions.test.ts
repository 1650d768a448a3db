import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { permissions, rolePermissions, can } from "@/lib/auth/permissions";
import { staffRoles } from "@/lib/auth/schema";
import { executeAction, type ActionDefinition } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { createTestDatabase, rowsOf } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { z } from "zod";

const root = path.resolve(__dirname, "../..");

function walk(dir: string, match: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, match);
    return match(full) ? [full] : [];
  });
}

const actionFiles = walk(path.join(root, "lib"), (f) => /\/actions\/[^/]+\.ts$/.test(f) && !f.endsWith(".test.ts"));
const routeFiles = walk(path.join(root, "app"), (f) => /\/route\.ts$/.test(f));

/**
 * Route handlers that are public by design (Better Auth checks its own sessions; the health check answers counts only;
 * the domain check answers a reverse proxy whether a host is a verified portal domain, yes or no; the web app manifest is
 * a fixed document a phone fetches before anyone signs in).
 */
const publicRoutes = ["app/api/auth/[...all]/route.ts", "app/api/health/route.ts", "app/api/domains/check/route.ts", "app/manifest.webmanifest/route.ts"];
/** Called by Vercel Cron, never by staff: there is no staff session, so it checks `Authorization: Bearer <CRON_SECRET>` instead. */
const schedulerRoutes = ["app/api/cron/[job]/route.ts"];
/**
 * Called by the gateways or by customers holding a pay link, never by staff. Each proves itself instead: a
 * Stripe or PayMongo signature, PayPal's own verification, Xendit's callback token, the signed pay token or short
 * code, or an order id we created.
 */
const paymentRoutes: Record<string, RegExp> = {
  "app/api/webhooks/stripe/[tenantId]/route.ts": /handleStripeWebhook\(/,
  "app/api/webhooks/paypal/[tenantId]/route.ts": /handlePaypalWebhook\(/,
  "app/api/webhooks/paymongo/[tenantId]/route.ts": /handlePaymongoWebhook\(/,
  "app/api/webhooks/xendit/[tenantId]/route.ts": /handleXenditCallback\(/,
  "app/api/payments/checkout/route.ts": /readPayToken\(/,
  "app/api/payments/paypal/return/route.ts": /completePaypalReturn\(/,
  "app/p/[code]/route.ts": /payLinkForShortCode\(/,
};

/**
 * The public API (/api/v1) is called by integrations with an API key, never a staff session: each route serves
 * only `apiHandler(<endpoint>)`, whose endpoint names its scope (lib/api/registry.test.ts checks every endpoint
 * has one); the OpenAPI document is public by design (it holds no data).
 */
const isApiRoute = (rel: string) => rel.startsWith("app/api/v1/");
const apiDocumentRoute = "app/api/v1/openapi.json/route.ts";

/** Subscriber portal routes check the portal's own session (lib/portal/action.ts), never a staff one. */
const isPortalRoute = (rel: string) => rel.startsWith("app/api/portal/");

type AnyDefinition =
  | (ActionDefinition<z.ZodType, unknown> & { public?: true })
  | { name: string; public: true; input: z.ZodType }
  | { name: string; portal: true; input: z.ZodType };

async function loadActions() {
  const found: { file: string; exportName: string; definition: AnyDefinition }[] = [];
  for (const file of actionFiles) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      found.push({ file: path.relative(root, file), exportName, definition: (value as { definition?: AnyDefinition }).definition! });
    }
  }
  return found;
}

describe("every action and route declares its permission", () => {
  it("finds the action files", () => {
    expect(actionFiles.length).toBeGreaterThan(5);
  });

  it("each exported server action carries a definition with a known permission or an explicit public flag", async () => {
    const actions = await loadActions();
    const missing = actions.filter(({ file, definition }) => {
      if (!definition) return true;
      if ("public" in definition && definition.public) return false;
      // Portal actions: only in lib/portal/actions, only through definePortalAction (which requires the portal session).
      if ("portal" in definition && definition.portal)
        return !file.startsWith("lib/portal/actions/") || !/definePortalAction\(/.test(fs.readFileSync(path.join(root, file), "utf8"));
      const permission = (definition as { permission?: string }).permission;
      return !permission || !([...permissions, "platform:operate"] as string[]).includes(permission);
    });
    expect(missing.map((m) => `${m.file}#${m.exportName}`)).toEqual([]);
  });

  it("each route handler goes through staffRoute with a permission, unless it is a known public route", () => {
    const undeclared = routeFiles
      .map((f) => path.relative(root, f))
      .filter((rel) => !publicRoutes.includes(rel) && !schedulerRoutes.includes(rel) && !(rel in paymentRoutes) && !isPortalRoute(rel) && !isApiRoute(rel))
      .filter((rel) => {
        const source = fs.readFileSync(path.join(root, rel), "utf8");
        const checksSession = /staffRoute(<[^>]*>)?\(|requirePlatformOperator/.test(source);
        const namesPermission = permissions.some((p) => source.includes(`"${p}"`));
        return !(checksSession && namesPermission);
      });
    expect(undeclared).toEqual([]);
  });

  it("each subscriber portal route goes through portalRoute, and no other route does", () => {
    const portalRoutes = routeFiles.map((f) => path.relative(root, f)).filter(isPortalRoute);
    expect(portalRoutes.length).toBeGreaterThan(0);
    const unchecked = portalRoutes.filter((rel) => {
      const source = fs.readFileSync(path.join(root, rel), "utf8");
      return !/portalRoute(<[^>]*>)?\(/.test(source) || /staffRoute(<[^>]*>)?\(/.test(source);
    });
    expect(unchecked).toEqual([]);
    const strays = routeFiles
      .map((f) => path.relative(root, f))
      .filter((rel) => !isPortalRoute(rel) && /portalRoute(<[^>]*>)?\(/.test(fs.readFileSync(path.join(root, rel), "utf8")));
    expect(strays).toEqual([]);
  });

  it("each public API route serves only endpoints through apiHandler (the key and its scope), except the public document", () => {
    const apiRoutes = routeFiles.map((f) => path.relative(root, f)).filter(isApiRoute);
    expect(apiRoutes).toContain(apiDocumentRoute);
    const unchecked = apiRoutes
      .filter((rel) => rel !== apiDocumentRoute)
      .filter((rel) => {
        const source = fs.readFileSync(path.join(root, rel), "utf8");
        const exported = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b(.*)/g)];
        return exported.length === 0 || exported.some(([, , rest]) => !/^= apiHandler\(\w+\);$/.test(rest.trim()));
      });
    expect(unchecked).toEqual([]);
  });

  it("each payment route exists and goes through its own proof instead of a session", () => {
    for (const [rel, proof] of Object.entries(paymentRoutes)) {
      expect(fs.readFileSync(path.join(root, rel), "utf8"), rel).toMatch(proof);
    }
  });

  it("each scheduler route exists and refuses callers without the cron secret", () => {
    for (const rel of schedulerRoutes) {
      const source = fs.readFileSync(path.join(root, rel), "utf8");
      expect(source, rel).toMatch(/if \(!isAuthorizedCronRequest\(request, cronSecret\(\)\)\)/);
    }
  });
});

describe("role × action matrix", () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await createTestDatabase();
  });
  afterAll(async () => conn?.close());

  it("a role without the permission is refused before anything is parsed or written; a role with it gets past the check", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const actions = (await loadActions()).filter(
      (a) => a.definition && "permission" in a.definition && a.definition.permission !== ("platform:operate" as string),
    );
    const count = async () =>
      rowsOf(
        await conn.db.execute(
          sql`select (select count(*) from audit_log) + (select count(*) from customers) + (select count(*) from service_plans) + (select count(*) from invitations) as n`,
        ),
      );
    const before = await count();
    const matrix: string[] = [];
    for (const { exportName, definition } of actions) {
      const def = definition as ActionDefinition<z.ZodType, unknown>;
      for (const role of staffRoles) {
        const outcome = await executeAction(def, { ...ctx[role], db: conn.db }, { __invalid: true }).then(
          () => "ran",
          (e: unknown) => (e instanceof AppError ? e.code : "crashed"),
        );
        const allowed = can(role, def.permission);
        matrix.push(`${exportName}:${role}:${allowed ? "allowed" : "denied"}:${outcome}`);
        if (!allowed) expect(outcome, `${exportName} as ${role}`).toBe("forbidden");
        else expect(outcome, `${exportName} as ${role}`).not.toBe("forbidden");
      }
    }
    expect(await count()).toEqual(before);
    expect(matrix.length).toBe(actions.length * staffRoles.length);
  });

  it("owners hold every permission; technicians cannot write customers, plans, routers, settings or staff", () => {
    expect([...rolePermissions.owner].sort()).toEqual([...permissions].sort());
    for (const p of [
      "customers:write",
      "plans:write",
      "routers:write",
      "settings:write",
      "staff:write",
      "customers:import",
      "customers:bulk",
    ] as const) {
      expect(can("technician", p)).toBe(false);
    }
    expect(can("billing", "staff:view")).toBe(false);
    expect(can("admin", "billing:plan")).toBe(false);
  });
});
