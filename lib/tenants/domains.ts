/*
 * Custom domains of an ISP's subscriber portal. An ISP adds a host name, puts a TXT record `_netsphere.<host>` with
 * `netsphere-verify=<token>` in its DNS (and a CNAME to our host), and presses Verify: we look the TXT record up and,
 * when it holds the token, the domain serves the ISP's portal (proxy.ts). The DNS lookup goes through a resolver
 * passed in, so tests hand a fake one and never ask real DNS; the app's is `node:dns/promises`, asking the servers
 * in `DNS_SERVERS` when set (`1.1.1.1,8.8.8.8`: fresh answers rather than a cache's), else the system's. The TXT
 * record stays: a verified domain is looked up again every few hours (`recheckPortalDomains`, the
 * `portal-domain-recheck` job), and one whose record is gone for three days stops serving the portal.
 */
import { randomBytes } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { and, asc, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { ownersAndAdmins } from "@/lib/auth/staff";
import { formatDateTime } from "@/lib/core/dates";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { tenantLocale } from "./queries";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import type { Db, DbOrTx } from "@/lib/db/types";
import { tenantDomains } from "./schema";
import { domainRecords, hostnameProblem, MAX_DOMAINS_PER_ISP, normalizeHostname } from "./portal-rules";
import { forgetPortalHosts } from "./domain-lookup";

/** What verification needs of DNS: the TXT records of a name (each record's strings, as `dns.resolveTxt` gives them). */
export type TxtResolver = { resolveTxt(name: string): Promise<string[][]> };

/** The app's resolver: the system's DNS servers, or those in `DNS_SERVERS` (`ip` or `ip:port`, comma-separated). */
export function systemTxtResolver(servers = process.env.DNS_SERVERS ?? ""): TxtResolver {
  const resolver = new Resolver({ timeout: 4_000, tries: 2 });
  const list = servers
    .split(",")
    .map((server) => server.trim())
    .filter(Boolean);
  if (list.length > 0) resolver.setServers(list);
  return resolver;
}

/** Our own host name (APP_URL's): the CNAME target, and a name no ISP may claim. */
export const appHostname = () => new URL(env().APP_URL).hostname.toLowerCase();

export type PortalDomainView = {
  id: string;
  hostname: string;
  verifiedAt: Date | null;
  lastCheckedAt: Date | null;
  lastError: string | null;
  /** A verified domain whose record a re-check found gone: when it stops serving the portal unless restored. */
  lapsesAt: Date | null;
  records: ReturnType<typeof domainRecords>;
};

/** The ISP's domains, oldest first, with the DNS records each needs. */
export async function listPortalDomains(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<PortalDomainView[]> {
  const rows = await db
    .select()
    .from(tenantDomains)
    .where(eq(tenantDomains.tenantId, tenantId))
    .orderBy(asc(tenantDomains.createdAt), asc(tenantDomains.hostname));
  const appHost = appHostname();
  return rows.map((row) => ({
    id: row.id,
    hostname: row.hostname,
    verifiedAt: row.verifiedAt,
    lastCheckedAt: row.lastCheckedAt,
    lastError: row.lastError,
    lapsesAt: row.verifiedAt && row.failingSince ? new Date(row.failingSince.getTime() + DOMAIN_LAPSE_HOURS * 3_600_000) : null,
    records: domainRecords(row.hostname, row.verificationToken, appHost),
  }));
}

/** The ISP's first verified domain (the one its links use), or null. */
export async function primaryPortalDomain(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<string | null> {
  const [row] = await db
    .select({ hostname: tenantDomains.hostname })
    .from(tenantDomains)
    .where(and(eq(tenantDomains.tenantId, tenantId), isNotNull(tenantDomains.verifiedAt)))
    .orderBy(asc(tenantDomains.verifiedAt), asc(tenantDomains.hostname))
    .limit(1);
  return row?.hostname ?? null;
}

const hostnameError = (message: string, code: "validation" | "conflict" = "validation") =>
  new AppError(code, message, { fieldErrors: { hostname: [message] } });

/** Adds a domain, not yet verified, with a fresh token. Refused: not a DNS name, ours, a sixth, or another ISP's. */
export async function addPortalDomain(db: Db, actor: TenantActor, { hostname: typed }: { hostname: string }): Promise<PortalDomainView> {
  const hostname = normalizeHostname(typed);
  if (!hostname) throw hostnameError("Enter a domain such as portal.yourisp.ph, without https:// or a path");
  const problem = hostnameProblem(hostname, { appHost: appHostname() });
  if (problem) throw hostnameError(problem);
  const token = randomBytes(16).toString("hex");
  try {
    // The count, the row and its audit entry in one transaction; the hostname's unique index settles two ISPs adding
    // the same name (this ISP's handle cannot see the other's row to check first).
    const row = await db.transaction(async (tx) => {
      const mine = await tx.select({ hostname: tenantDomains.hostname }).from(tenantDomains).where(eq(tenantDomains.tenantId, actor.tenantId));
      if (mine.some((d) => d.hostname === hostname)) throw hostnameError("You already added this domain", "conflict");
      if (mine.length >= MAX_DOMAINS_PER_ISP)
        throw hostnameError(`An ISP can attach at most ${MAX_DOMAINS_PER_ISP} domains; remove one first`, "conflict");
      const [created] = await tx
        .insert(tenantDomains)
        .values({ tenantId: actor.tenantId, hostname, verificationToken: token, createdAt: clock.now() })
        .returning();
      await recordAudit(tx, actor, { action: "portal.domain_added", entityType: "tenant_domain", entityId: created.id, after: { hostname } });
      return created;
    });
    return {
      id: row.id,
      hostname: row.hostname,
      verifiedAt: null,
      lastCheckedAt: null,
      lastError: null,
      lapsesAt: null,
      records: domainRecords(row.hostname, row.verificationToken, appHostname()),
    };
  } catch (error) {
    if (isUniqueViolation(error)) throw hostnameError("This domain is attached to another ISP. If it is yours, ask NetSphere support.", "conflict");
    throw error;
  }
}

async function domainOf(db: DbOrTx, tenantId: string, domainId: string) {
  const [row] = await db
    .select()
    .from(tenantDomains)
    .where(and(eq(tenantDomains.tenantId, tenantId), eq(tenantDomains.id, domainId)));
  if (!row) throw notFound("Domain");
  return row;
}

const dnsCode = (error: unknown) => (error as { code?: string } | null)?.code ?? "";

/**
 * What a TXT lookup says about a domain: `ok` when the token is there, `absent` when DNS answered without it (no
 * record, or another value), `unreachable` when DNS did not answer; the message is for the settings page.
 */
export type RecordCheck = { status: "ok" } | { status: "absent" | "unreachable"; message: string };

export async function lookUpDomainRecord(resolver: TxtResolver, hostname: string, token: string, { recheck = false } = {}): Promise<RecordCheck> {
  const { txtName, txtValue } = domainRecords(hostname, token, "");
  const notYet = recheck
    ? `The TXT record ${txtName} is gone (it was there when the domain was verified).`
    : `No TXT record ${txtName} was found yet. DNS changes can take up to an hour to appear; try again later.`;
  let records: string[][];
  try {
    records = await resolver.resolveTxt(txtName);
  } catch (error) {
    const code = dnsCode(error);
    if (code === "ENOTFOUND" || code === "ENODATA") return { status: "absent", message: notYet };
    return { status: "unreachable", message: `The DNS lookup of ${txtName} failed (${code || "no answer"}); try again in a few minutes.` };
  }
  const values = records.map((chunks) => chunks.join("").trim());
  if (values.includes(txtValue)) return { status: "ok" };
  if (values.length === 0) return { status: "absent", message: notYet };
  const shown = values
    .slice(0, 3)
    .map((value) => `"${value.slice(0, 80)}"`)
    .join(", ");
  return { status: "absent", message: `The TXT record ${txtName} holds ${shown}, not ${txtValue}.` };
}

/** The same in words for the settings page; null when the token is there. */
export async function checkDomainRecord(resolver: TxtResolver, hostname: string, token: string): Promise<string | null> {
  const check = await lookUpDomainRecord(resolver, hostname, token);
  return check.status === "ok" ? null : check.message;
}

export type VerifyOutcome = { verified: boolean; hostname: string; error: string | null };

/**
 * Looks the domain's TXT record up and marks it verified, or records why not (audited either way). A verified domain
 * stays verified: pressing Verify again does not ask DNS.
 */
export async function verifyPortalDomain(
  db: Db,
  actor: TenantActor,
  { domainId }: { domainId: string },
  { resolver = systemTxtResolver(), now = clock.now() }: { resolver?: TxtResolver; now?: Date } = {},
): Promise<VerifyOutcome> {
  const domain = await domainOf(db, actor.tenantId, domainId);
  if (domain.verifiedAt) return { verified: true, hostname: domain.hostname, error: null };
  // Asked outside any transaction: a slow DNS server must not hold a database connection.
  const error = await checkDomainRecord(resolver, domain.hostname, domain.verificationToken);
  await db.transaction(async (tx) => {
    await tx
      .update(tenantDomains)
      .set({ verifiedAt: error ? null : now, lastCheckedAt: now, lastError: error, failingSince: null })
      .where(and(eq(tenantDomains.tenantId, actor.tenantId), eq(tenantDomains.id, domainId)));
    await recordAudit(tx, actor, {
      action: error ? "portal.domain_check_failed" : "portal.domain_verified",
      entityType: "tenant_domain",
      entityId: domainId,
      after: error ? { hostname: domain.hostname, reason: error } : { hostname: domain.hostname },
    });
  });
  if (!error) forgetPortalHosts();
  return { verified: !error, hostname: domain.hostname, error };
}

/** Removes a domain: at once it no longer serves the portal in this process, elsewhere within 30 s. Audited. */
export async function removePortalDomain(db: Db, actor: TenantActor, { domainId }: { domainId: string }): Promise<{ hostname: string }> {
  const hostname = await db.transaction(async (tx) => {
    const domain = await domainOf(tx, actor.tenantId, domainId);
    await tx.delete(tenantDomains).where(and(eq(tenantDomains.tenantId, actor.tenantId), eq(tenantDomains.id, domainId)));
    await recordAudit(tx, actor, {
      action: "portal.domain_removed",
      entityType: "tenant_domain",
      entityId: domainId,
      before: { hostname: domain.hostname, verified: domain.verifiedAt !== null },
    });
    return domain.hostname;
  });
  forgetPortalHosts();
  return { hostname };
}

/** How often a verified domain's TXT record is looked up again. */
export const DOMAIN_RECHECK_HOURS = 6;
/** How long a verified domain's record may be gone before the domain stops serving the portal. */
export const DOMAIN_LAPSE_HOURS = 72;

export type RecheckSummary = { checked: number; holding: number; failing: number; lapsed: number; unreachable: number };

/**
 * Looks the TXT record of every verified domain up again, each at most every `DOMAIN_RECHECK_HOURS`: a domain sold on,
 * or pointed elsewhere, must not keep routing to the ISP's portal. The first time the record is found gone or changed,
 * the ISP's owners and admins are told; if it is still gone `DOMAIN_LAPSE_HOURS` later the domain is no longer
 * verified (it stops serving the portal until verified again), audited and told. A DNS server that does not answer
 * proves nothing either way: it is noted, and the clock does not start. Runs with the owner's handle, across ISPs.
 */
export async function recheckPortalDomains(
  ownerDb: Db,
  { resolver = systemTxtResolver(), now = clock.now(), limit = 500 }: { resolver?: TxtResolver; now?: Date; limit?: number } = {},
): Promise<RecheckSummary> {
  const due = new Date(now.getTime() - DOMAIN_RECHECK_HOURS * 3_600_000);
  const rows = await ownerDb
    .select()
    .from(tenantDomains)
    .where(and(isNotNull(tenantDomains.verifiedAt), or(isNull(tenantDomains.lastCheckedAt), lt(tenantDomains.lastCheckedAt, due))))
    .orderBy(asc(tenantDomains.lastCheckedAt))
    .limit(limit);
  const summary: RecheckSummary = { checked: 0, holding: 0, failing: 0, lapsed: 0, unreachable: 0 };
  for (const domain of rows) {
    // Asked outside any transaction: a slow DNS server must not hold a database connection.
    const check = await lookUpDomainRecord(resolver, domain.hostname, domain.verificationToken, { recheck: true });
    summary.checked++;
    const outcome = await ownerDb.transaction((tx) => recordRecheck(tx, domain, check, now));
    summary[outcome]++;
  }
  if (summary.lapsed > 0) forgetPortalHosts();
  return summary;
}

type DomainRow = typeof tenantDomains.$inferSelect;

async function recordRecheck(
  tx: DbOrTx,
  domain: DomainRow,
  check: RecordCheck,
  now: Date,
): Promise<"holding" | "failing" | "lapsed" | "unreachable"> {
  const where = and(eq(tenantDomains.id, domain.id), isNotNull(tenantDomains.verifiedAt));
  if (check.status === "ok") {
    await tx.update(tenantDomains).set({ lastCheckedAt: now, lastError: null, failingSince: null }).where(where);
    return "holding";
  }
  if (check.status === "unreachable") {
    await tx.update(tenantDomains).set({ lastCheckedAt: now, lastError: check.message }).where(where);
    return "unreachable";
  }
  const actor = { tenantId: domain.tenantId, userId: null, userName: "Domain checks" };
  const failingSince = domain.failingSince ?? now;
  if (now.getTime() - failingSince.getTime() >= DOMAIN_LAPSE_HOURS * 3_600_000) {
    await tx.update(tenantDomains).set({ verifiedAt: null, lastCheckedAt: now, lastError: check.message, failingSince: null }).where(where);
    await recordAudit(tx, actor, {
      action: "portal.domain_lapsed",
      entityType: "tenant_domain",
      entityId: domain.id,
      before: { hostname: domain.hostname, verified: true },
      after: { hostname: domain.hostname, verified: false, failingSince: failingSince.toISOString(), reason: check.message },
    });
    await tellOwners(tx, domain, "portal_domain_lapsed", failingSince, check.message);
    return "lapsed";
  }
  await tx.update(tenantDomains).set({ lastCheckedAt: now, lastError: check.message, failingSince }).where(where);
  if (!domain.failingSince) {
    await recordAudit(tx, actor, {
      action: "portal.domain_check_failed",
      entityType: "tenant_domain",
      entityId: domain.id,
      after: { hostname: domain.hostname, reason: check.message },
    });
    await tellOwners(tx, domain, "portal_domain_failing", failingSince, check.message);
  }
  return "failing";
}

async function tellOwners(
  tx: DbOrTx,
  domain: DomainRow,
  event: "portal_domain_failing" | "portal_domain_lapsed",
  failingSince: Date,
  reason: string,
) {
  const { timeZone } = await tenantLocale(tx, { tenantId: domain.tenantId });
  const lapsesAt = new Date(failingSince.getTime() + DOMAIN_LAPSE_HOURS * 3_600_000);
  for (const member of await ownersAndAdmins(tx, { tenantId: domain.tenantId })) {
    await enqueueNotification(tx, {
      tenantId: domain.tenantId,
      event,
      userId: member.id,
      data: {
        hostname: domain.hostname,
        reason,
        failingSince: formatDateTime(failingSince, timeZone),
        lapsesAt: formatDateTime(lapsesAt, timeZone),
        settingsUrl: `${env().APP_URL.replace(/\/+$/, "")}/settings/portal`,
      },
      dedupeKey: `${event}:${domain.id}:${failingSince.toISOString()}:${member.id}`,
    });
  }
}
