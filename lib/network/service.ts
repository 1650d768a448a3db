/*
 * Runs allowlisted diagnostics and session kicks against a tenant's router, on its pooled connection.
 * Every attempt is audited, refused or failed ones too, so the log shows who probed which router and how.
 */
import "server-only";
import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { fieldErrorsOf, withoutNul } from "@/lib/core/action";
import { AppError, forbidden, notFound } from "@/lib/core/errors";
import { loadRouter, pooledClient, toAppError } from "@/lib/routers/access";
import { diagnosticCommand, type DiagnosticOutput, type DiagnosticResult } from "@/lib/network/diagnostics";
import { kickSession, type KickTarget } from "@/lib/network/sessions";
import type { StaffRole } from "@/lib/auth/schema";
import type { RouterOsApi } from "@/lib/routeros/api";
import type { Router } from "@/lib/routers/schema";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

/** A request the proxy will not forward at all (unknown command, malformed body): HTTP 400, not 422. */
export class BadRequestError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("validation", message, { details });
  }

  override get status() {
    return 400;
  }
}

export type DiagnosticActor = TenantActor & { role: StaffRole };

/** Arguments as the audit log keeps them: scalars only, short, whatever the client sent. */
function auditableArgs(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  return Object.fromEntries(
    Object.entries(raw)
      .slice(0, 10)
      .map(([key, value]) => [key.slice(0, 40), (typeof value === "object" ? JSON.stringify(value) : String(value)).slice(0, 120)]),
  );
}

const failureOf = (error: unknown) =>
  error instanceof AppError ? { code: error.code, message: error.message } : { code: "internal", message: "unexpected error" };

/** Runs `task` on the router's pooled connection; RouterOS failures come back as AppErrors. */
async function onRouter<T>(db: Db, router: Router, task: (client: RouterOsApi) => Promise<T>): Promise<T> {
  try {
    return await task(await pooledClient(router, db));
  } catch (error) {
    throw toAppError(error);
  }
}

/**
 * Runs one allowlisted command: unknown names are a 400, a role without the entry's permission is refused,
 * arguments are parsed by the entry's schema, and the outcome (rows or error) is audited as `router.diagnostic`.
 */
export async function runDiagnostic(db: Db, actor: DiagnosticActor, request: { routerId: string; command: string; args: unknown }): Promise<DiagnosticResult> {
  // The proxy reads its own body, so it strips NUL characters here as every action does: the audit row keeps what was sent.
  const { routerId, command, args } = withoutNul(request);
  // Looked up first so the audit row points at the router only when it is this tenant's.
  const router = await loadRouter(db, { tenantId: actor.tenantId, routerId }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  const audit = (after: Record<string, unknown>) =>
    recordAudit(db, actor, {
      action: "router.diagnostic",
      entityType: "router",
      entityId: router?.id ?? null,
      after: { command: command.slice(0, 40), ...after },
    });
  const entry = diagnosticCommand(command);
  try {
    if (!entry) throw new BadRequestError(`"${command.slice(0, 40)}" is not an allowed diagnostic command.`);
    if (!can(actor.role, entry.permission)) throw forbidden();
    const parsed = (entry.args as z.ZodType).safeParse(args ?? {});
    if (!parsed.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
    if (!router) throw notFound("Router");
    const run = entry.run as (client: RouterOsApi, args: unknown) => Promise<DiagnosticOutput>;
    const output = await onRouter(db, router, (client) => run(client, parsed.data));
    await audit({ args: auditableArgs(parsed.data), ok: true, rows: output.rows.length });
    return { ...output, command, ranAt: clock.now().toISOString() };
  } catch (error) {
    await audit({ args: auditableArgs(args), ok: false, error: failureOf(error) });
    throw error;
  }
}

/** Disconnects a live PPPoE or hotspot session (the client logs back in with its current settings); audited either way. */
export async function kickActiveSession(
  db: Db,
  actor: TenantActor,
  { routerId, customerId, ...target }: KickTarget & { routerId: string; customerId?: string },
) {
  const router = await loadRouter(db, { tenantId: actor.tenantId, routerId });
  const audit = (after: Record<string, unknown>) =>
    recordAudit(db, actor, {
      action: "router.session_kicked",
      entityType: "router",
      entityId: router.id,
      customerId,
      after: { service: target.service, name: target.name, ...after },
    });
  try {
    const outcome = await onRouter(db, router, (client) => kickSession(client, target));
    await audit({ ok: true, ...outcome });
    return outcome;
  } catch (error) {
    await audit({ ok: false, error: failureOf(error) });
    throw error;
  }
}
