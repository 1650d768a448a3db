/*
 * The SQL FreeRADIUS runs against the `radius` tables (freeradius-config.ts puts it in mods-enabled/sql). Every query
 * is scoped to one ISP: the NAS is found in radius.nas by the address the packet came from, and only that NAS's ISP's
 * rows are read or written, so two ISPs may have subscribers with the same user name. Secrets are decrypted in the
 * query (`decryptSql`, or radius.authorize_check given `keySql`) with the RADIUS key, which this configuration holds and the database does not.
 *
 * Written for FreeRADIUS 3.2's rlm_sql (mods-config/sql/main/postgresql/queries.conf is the model): `%{...}` is expanded
 * by FreeRADIUS and escaped by the PostgreSQL driver before the query runs.
 */
import { decryptSql, keySql } from "@/lib/radius/crypto";

/** The packet's source address: what radius.nas.nasname holds (IPv4, or IPv6 for a NAS that talks over IPv6). */
export const SOURCE = "%{%{Packet-Src-IP-Address}:-%{Packet-Src-IPv6-Address}}";
/** The ISP of the NAS that sent this packet (null when no NAS has that address: every read then finds nothing). */
export const TENANT = `(SELECT tenant_id FROM radius.nas WHERE nasname = '${SOURCE}')`;
/**
 * The request's time at the server. Routers without NTP send wrong Event-Timestamps, and the stale-session rules
 * compare these times with the database's clock, so the server's clock is the one used.
 */
const NOW = "TO_TIMESTAMP(%l)";
const octets = (name: "Input" | "Output") => `(('%{%{Acct-${name}-Gigawords}:-0}'::bigint << 32) + '%{%{Acct-${name}-Octets}:-0}'::bigint)`;
const inetOrNull = (attribute: string) => `NULLIF('%{${attribute}}', '')::inet`;
const sessionTime = "NULLIF('%{Acct-Session-Time}', '')::bigint";

/** The NAS's lookups for its dynamic client definition (server dynamic_clients), each keyed by the source address. */
export function nasQueries(key: Buffer) {
  const of = (column: string) => `SELECT ${column} FROM radius.nas WHERE nasname = '${SOURCE}'`;
  return {
    exists: `SELECT count(*) FROM radius.nas WHERE nasname = '${SOURCE}'`,
    shortname: of("shortname"),
    secret: of(decryptSql("secret", key)),
    requireMessageAuth: of("CASE WHEN require_message_auth THEN 'yes' ELSE 'no' END"),
  };
}

/**
 * The authorize, session and post-auth queries (rlm_sql's configuration items of the same names).
 *
 * The reads are functions in the `radius` schema (migration radius_authorize_functions): rlm_sql_postgresql sends each
 * query as text, and Postgres spent most of each Access-Request planning them; a PL/pgSQL function keeps its plans for
 * the connection's life. Each is given the packet's source address (so the NAS's ISP) and the user name.
 *
 * The groups stay FreeRADIUS's standard tables (radusergroup, radgroupreply) but are read with the user's reply items
 * (`read_groups = no`): the user's own first, then their groups' in priority order, in one call instead of rlm_sql's
 * membership query and a check and reply query per group. An Access-Request costs three reads and the post-auth row.
 * We write no group check items (radgroupcheck stays empty), so none are skipped.
 */
export function authQueries(key: Buffer) {
  const args = `'${SOURCE}', '%{SQL-User-Name}'`;
  return {
    authorize_check_query: `SELECT id, username, attribute, value, op FROM radius.authorize_check(${args}, ${keySql(key)})`,
    authorize_reply_query: `SELECT id, owner, attribute, value, op FROM radius.authorize_reply(${args})`,
    // Simultaneous-Use: the ISP's open sessions of the user that are not stale (radius.open_sessions says how).
    simul_count_query: `SELECT radius.open_sessions(${args})`,
    // The password is never logged: `pass` stays null.
    postauth_query:
      `INSERT INTO radius.radpostauth (tenant_id, username, pass, reply, calledstationid, callingstationid, authdate) ` +
      `VALUES (${TENANT}, '%{User-Name}', NULL, '%{reply:Packet-Type}', '%{Called-Station-Id}', '%{Calling-Station-Id}', ${NOW})`,
  };
}

/** Columns written when a session is first seen (by its Start, or by an Interim or Stop whose Start was lost). */
function insertSession(values: { start: string; update: string; stop: string; sessionTime: string; input: string; output: string; cause: string }) {
  const columns: Record<string, string> = {
    tenant_id: TENANT,
    acctsessionid: "'%{Acct-Session-Id}'",
    acctuniqueid: "'%{Acct-Unique-Session-Id}'",
    username: "'%{SQL-User-Name}'",
    realm: "NULLIF('%{Realm}', '')",
    // The source address, as for radius.nas: two routers behind NATs may both call themselves 192.168.88.1.
    nasipaddress: `'${SOURCE}'::inet`,
    nasportid: "NULLIF('%{%{NAS-Port-ID}:-%{NAS-Port}}', '')",
    nasporttype: "NULLIF('%{NAS-Port-Type}', '')",
    acctstarttime: values.start,
    acctupdatetime: values.update,
    acctstoptime: values.stop,
    acctsessiontime: values.sessionTime,
    acctauthentic: "NULLIF('%{Acct-Authentic}', '')",
    connectinfo_start: "NULLIF('%{Connect-Info}', '')",
    acctinputoctets: values.input,
    acctoutputoctets: values.output,
    calledstationid: "NULLIF('%{Called-Station-Id}', '')",
    callingstationid: "NULLIF('%{Calling-Station-Id}', '')",
    acctterminatecause: values.cause,
    servicetype: "NULLIF('%{Service-Type}', '')",
    framedprotocol: "NULLIF('%{Framed-Protocol}', '')",
    framedipaddress: inetOrNull("Framed-IP-Address"),
    framedipv6address: inetOrNull("Framed-IPv6-Address"),
    framedipv6prefix: inetOrNull("Framed-IPv6-Prefix"),
    framedinterfaceid: "NULLIF('%{Framed-Interface-Id}', '')",
    delegatedipv6prefix: inetOrNull("Delegated-IPv6-Prefix"),
    class: "NULLIF('%{Class}', '')",
  };
  return `INSERT INTO radius.radacct (${Object.keys(columns).join(", ")}) VALUES (${Object.values(columns).join(", ")})`;
}

/**
 * Accounting queries by Acct-Status-Type (rlm_sql's `accounting { type { <status> { query ... } } }`): each status has
 * queries tried in order until one changes a row.
 */
export function accountingQueries(): Record<string, string[]> {
  const session = `acctuniqueid = '%{Acct-Unique-Session-Id}' AND tenant_id = ${TENANT}`;
  const counters = `acctinputoctets = ${octets("Input")}, acctoutputoctets = ${octets("Output")}`;
  const framed = `framedipaddress = COALESCE(${inetOrNull("Framed-IP-Address")}, framedipaddress)`;
  // The NAS restarted (Accounting-On) or is going down (Accounting-Off): every session it had open has ended.
  const nasRestart =
    `UPDATE radius.radacct SET acctstoptime = ${NOW}, acctupdatetime = ${NOW}, ` +
    `acctsessiontime = GREATEST(0, %l - EXTRACT(EPOCH FROM acctstarttime))::bigint, acctterminatecause = 'NAS-Reboot' ` +
    `WHERE tenant_id = ${TENANT} AND nasipaddress = '${SOURCE}'::inet AND acctstoptime IS NULL`;
  return {
    start: [
      `${insertSession({ start: NOW, update: NOW, stop: "NULL", sessionTime: "0", input: "0", output: "0", cause: "NULL" })} ` +
        `ON CONFLICT (acctuniqueid) DO UPDATE SET acctstarttime = ${NOW}, acctupdatetime = ${NOW} ` +
        `WHERE radacct.acctstoptime IS NULL AND radacct.tenant_id = ${TENANT}`,
    ],
    "interim-update": [
      `UPDATE radius.radacct SET acctsessiontime = COALESCE(${sessionTime}, acctsessiontime), ` +
        `acctinterval = (%l - EXTRACT(EPOCH FROM COALESCE(acctupdatetime, acctstarttime)))::bigint, acctupdatetime = ${NOW}, ${counters}, ${framed} ` +
        `WHERE ${session} AND acctstoptime IS NULL`,
      `${insertSession({ start: `TO_TIMESTAMP(%l - %{%{Acct-Session-Time}:-0})`, update: NOW, stop: "NULL", sessionTime, input: octets("Input"), output: octets("Output"), cause: "NULL" })} ON CONFLICT (acctuniqueid) DO NOTHING`,
    ],
    stop: [
      `UPDATE radius.radacct SET acctstoptime = ${NOW}, acctupdatetime = ${NOW}, ` +
        `acctsessiontime = COALESCE(${sessionTime}, (%l - EXTRACT(EPOCH FROM acctstarttime))::bigint), ${counters}, ${framed}, ` +
        `acctterminatecause = NULLIF('%{Acct-Terminate-Cause}', ''), connectinfo_stop = NULLIF('%{Connect-Info}', '') ` +
        `WHERE ${session} AND acctstoptime IS NULL`,
      `${insertSession({ start: `TO_TIMESTAMP(%l - %{%{Acct-Session-Time}:-0})`, update: NOW, stop: NOW, sessionTime, input: octets("Input"), output: octets("Output"), cause: "NULLIF('%{Acct-Terminate-Cause}', '')" })} ON CONFLICT (acctuniqueid) DO NOTHING`,
    ],
    // A NAS with no open session still gets its answer: the second query always "changes" nothing but succeeds.
    "accounting-on": [nasRestart, "SELECT true"],
    "accounting-off": [nasRestart, "SELECT true"],
  };
}
