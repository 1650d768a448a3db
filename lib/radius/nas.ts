/*
 * A router's authentication mode: API push (accounts written to the router, as always) or RADIUS (the router asks
 * FreeRADIUS; NetSphere keeps the RADIUS tables). Switching to RADIUS makes the router a NAS with its own generated
 * secret (encrypted at rest) and asks for a reconcile, which fills the tables, removes our local accounts from the
 * router and applies its /radius side; switching back does the reverse. `previewRadiusSwitch` is the dry run.
 */
import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { radiusCheck, radiusNas, radiusReply, radiusUserGroup } from "@/lib/radius/schema";
import { decryptForRadius, encryptForRadius } from "@/lib/radius/crypto";
import { newSharedSecret, routerRadiusScript, type RadiusSettings, type RouterRadiusConfig } from "@/lib/radius/rules";
import { radiusNasOf, radiusServed, syncRadiusRouter, type RadiusNas } from "@/lib/radius/sync";
import { loadDesiredInput } from "@/lib/provisioning/desired-input";
import { installationId } from "@/lib/provisioning/installation";
import { marker, markerOwner } from "@/lib/provisioning/desired";
import { requestReconcile } from "@/lib/provisioning/trigger";
import { getRouter } from "@/lib/routers/service";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import type { Db, DbOrTx } from "@/lib/db/types";

type Actor = AuditActor & { tenantId: string };

/** Where routers reach FreeRADIUS (RADIUS_SERVER_ADDRESS), or null while the deployment has none configured. */
export function radiusServer(): RouterRadiusConfig["server"] | null {
  const { RADIUS_SERVER_ADDRESS, RADIUS_AUTH_PORT, RADIUS_ACCT_PORT } = env();
  return RADIUS_SERVER_ADDRESS ? { address: RADIUS_SERVER_ADDRESS, authPort: RADIUS_AUTH_PORT, acctPort: RADIUS_ACCT_PORT } : null;
}

const noServer = () =>
  new AppError(
    "validation",
    "RADIUS mode needs a RADIUS server: set RADIUS_SERVER_ADDRESS (docs/DEPLOY.md, Running FreeRADIUS) and restart NetSphere.",
  );

/** The comment that marks our `/radius` entry on this router. */
export async function radiusEntryComment(db: DbOrTx, routerId: string): Promise<string> {
  return marker(markerOwner(await installationId(db), routerId), "radius", "nas");
}

/** The router's RouterOS side, with the secret decrypted (for the reconciler) or as a placeholder (for the page). */
export async function routerRadiusConfig(
  db: DbOrTx,
  nas: RadiusNas,
  { revealSecret }: { revealSecret: boolean },
): Promise<RouterRadiusConfig | null> {
  const server = radiusServer();
  if (!server) return null;
  return {
    server,
    secret: revealSecret ? decryptForRadius(nas.secret) : "<secret>",
    nasAddress: nas.nasname,
    coaPort: nas.coaPort,
    interimSeconds: nas.interimSeconds,
    requireMessageAuth: nas.requireMessageAuth,
    comment: await radiusEntryComment(db, nas.routerId),
  };
}

export type RadiusStatus = {
  mode: "api" | "radius";
  serverConfigured: boolean;
  settings: Omit<RadiusSettings, "routerId"> | null;
  /** The paste-in script with the secret as a placeholder; the secret itself only through `revealRadiusScript`. */
  script: { v7: string; v6: string } | null;
};

/** What the router page shows about RADIUS: never the secret. */
export async function radiusStatus(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<RadiusStatus> {
  const nas = await radiusNasOf(db, { tenantId, routerId });
  const config = nas ? await routerRadiusConfig(db, nas, { revealSecret: false }) : null;
  return {
    mode: nas ? "radius" : "api",
    serverConfigured: radiusServer() !== null,
    settings: nas
      ? { nasAddress: nas.nasname, coaPort: nas.coaPort, interimSeconds: nas.interimSeconds, requireMessageAuth: nas.requireMessageAuth }
      : null,
    script: config ? { v7: routerRadiusScript(config, 7), v6: routerRadiusScript(config, 6) } : null,
  };
}

/** The script with the real secret, for staff allowed to change routers (audited: a secret was shown). */
export async function revealRadiusScript(db: DbOrTx, actor: Actor, { routerId }: { routerId: string }): Promise<{ v7: string; v6: string }> {
  await getRouter(db, { tenantId: actor.tenantId, routerId });
  const nas = await radiusNasOf(db, { tenantId: actor.tenantId, routerId });
  if (!nas) throw new AppError("validation", "This router does not use RADIUS.");
  const config = await routerRadiusConfig(db, nas, { revealSecret: true });
  if (!config) throw noServer();
  await recordAudit(db, actor, { action: "router.radius_secret_revealed", entityType: "router", entityId: routerId });
  return { v7: routerRadiusScript(config, 7), v6: routerRadiusScript(config, 6) };
}

export type RadiusSwitchPreview = {
  to: "api" | "radius";
  /** Subscribers whose accounts move: from the router into the RADIUS tables, or back. */
  accounts: { pppoe: number; hotspot: number };
  /** Live sessions that end once and log in again the new way. */
  sessionsReconnect: boolean;
  sample: string[];
  notes: string[];
};

/** The dry run of a switch: what moves where, without writing anything. */
export async function previewRadiusSwitch(
  db: Db,
  { tenantId, routerId, to }: { tenantId: string; routerId: string; to: "api" | "radius" },
): Promise<RadiusSwitchPreview> {
  await getRouter(db, { tenantId, routerId });
  const input = await loadDesiredInput(db, { tenantId, routerId });
  const served = radiusServed(input);
  const types = new Map(input.plans.map((p) => [p.id, p.type]));
  const notes: string[] = [];
  if (to === "radius") {
    const sync = await syncRadiusRouter(db, { tenantId, input, radiusMode: true, dryRun: true });
    if (!radiusServer()) notes.push("No RADIUS server is configured for this NetSphere yet (RADIUS_SERVER_ADDRESS).");
    notes.push(
      `${sync.users.filter((u) => u.change !== "removed").length} accounts are written to the RADIUS tables; their PPPoE secrets and hotspot users are removed from the router.`,
      "The router gets a /radius entry, /ppp aaa use-radius=yes with accounting, and /radius incoming for CoA; the same commands are shown as a script.",
      "Suspended subscribers log in to the isolation group (address list and isolation rate), so they still reach the payment page.",
    );
  } else {
    notes.push("The accounts are written back to the router as PPPoE secrets and hotspot users, and removed from the RADIUS tables.");
    notes.push("Remove the /radius entry and set /ppp aaa use-radius=no on the router if nothing else there uses RADIUS.");
  }
  return {
    to,
    accounts: {
      pppoe: served.filter((s) => types.get(s.planId) === "pppoe").length,
      hotspot: served.filter((s) => types.get(s.planId) === "hotspot").length,
    },
    sessionsReconnect: served.length > 0,
    sample: served.slice(0, 10).map((s) => s.username),
    notes,
  };
}

function nasAddressTaken(error: unknown): AppError | null {
  return isUniqueViolation(error)
    ? new AppError("validation", "Another router already sends RADIUS from this address.", {
        fieldErrors: { nasAddress: ["Another router already sends RADIUS from this address. Each router needs its own source address."] },
      })
    : null;
}

/** Switches the router to RADIUS (or updates its RADIUS settings); the reconcile that follows does the rest. */
export async function enableRadius(db: Db, actor: Actor, settings: RadiusSettings): Promise<void> {
  const router = await getRouter(db, { tenantId: actor.tenantId, routerId: settings.routerId });
  if (!radiusServer()) throw noServer();
  const existing = await radiusNasOf(db, { tenantId: actor.tenantId, routerId: router.id });
  const values = {
    nasname: settings.nasAddress,
    coaPort: settings.coaPort,
    interimSeconds: settings.interimSeconds,
    requireMessageAuth: settings.requireMessageAuth,
  };
  try {
    await db.transaction(async (tx) => {
      if (existing) await tx.update(radiusNas).set(values).where(eq(radiusNas.id, existing.id));
      else
        await tx.insert(radiusNas).values({
          tenantId: actor.tenantId,
          routerId: router.id,
          shortname: router.name.slice(0, 32),
          secret: encryptForRadius(newSharedSecret(randomBytes)),
          ...values,
        });
      await recordAudit(tx, actor, {
        action: existing ? "router.radius_updated" : "router.radius_enabled",
        entityType: "router",
        entityId: router.id,
        before: existing ? { nasAddress: existing.nasname, coaPort: existing.coaPort, interimSeconds: existing.interimSeconds } : { mode: "api" },
        after: { mode: "radius", nasAddress: values.nasname, coaPort: values.coaPort, interimSeconds: values.interimSeconds },
      });
    });
  } catch (error) {
    throw nasAddressTaken(error) ?? error;
  }
  requestReconcile(db, { tenantId: actor.tenantId, routerId: router.id, trigger: "change" });
}

/** Back to API push: the NAS and the router's users leave the RADIUS tables; the reconcile writes the accounts back. */
export async function disableRadius(db: Db, actor: Actor, { routerId }: { routerId: string }): Promise<void> {
  await getRouter(db, { tenantId: actor.tenantId, routerId });
  const nas = await radiusNasOf(db, { tenantId: actor.tenantId, routerId });
  if (!nas) return;
  const input = await loadDesiredInput(db, { tenantId: actor.tenantId, routerId });
  const ids = input.knownIds.subscriptions;
  await db.transaction(async (tx) => {
    await tx.delete(radiusNas).where(eq(radiusNas.id, nas.id));
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      for (const table of [radiusCheck, radiusReply, radiusUserGroup])
        await tx.delete(table).where(and(eq(table.tenantId, actor.tenantId), inArray(table.subscriptionId, chunk)));
    }
    await recordAudit(tx, actor, {
      action: "router.radius_disabled",
      entityType: "router",
      entityId: routerId,
      before: { mode: "radius" },
      after: { mode: "api" },
    });
  });
  requestReconcile(db, { tenantId: actor.tenantId, routerId, trigger: "change" });
}
