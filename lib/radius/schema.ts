/*
 * FreeRADIUS's standard SQL tables (its PostgreSQL schema.sql: radcheck, radreply, radgroupcheck, radgroupreply,
 * radusergroup, radacct, radpostauth, nas) in a `radius` schema, each with the ISP's `tenant_id` added so one
 * FreeRADIUS serves every ISP: the queries we give it (freeradius-config.ts) look up the NAS by the packet's source
 * address and read only that NAS's ISP's rows, so two ISPs' subscribers may share a user name.
 *
 * NetSphere fills them from its own rows (sync.ts), never by hand: `subscription_id` and `plan_id` say which of our
 * rows each came from. Secrets are stored encrypted (`encrypted`): FreeRADIUS decrypts them in its query with the
 * RADIUS key it holds in its configuration, so the database never holds a subscriber's password or a NAS secret in
 * the clear.
 */
import { bigint, bigserial, boolean, index, inet, integer, pgSchema, primaryKey, serial, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { routers } from "@/lib/routers/schema";
import { tenantRef, ts } from "@/lib/db/columns";

export const radiusSchema = pgSchema("radius");

/** One row per router in RADIUS mode: the NAS FreeRADIUS answers, found by `nasname` (the address its packets come from). */
export const radiusNas = radiusSchema.table(
  "nas",
  {
    id: serial("id").primaryKey(),
    tenantId: tenantRef(),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    /** The address the router's RADIUS packets come from (its `src-address`, its tunnel address, or its host). */
    nasname: text("nasname").notNull(),
    shortname: text("shortname").notNull(),
    type: text("type").notNull().default("other"),
    ports: integer("ports"),
    /** The shared secret, encrypted with the RADIUS key (see crypto.ts). */
    secret: text("secret").notNull(),
    server: text("server"),
    community: text("community"),
    description: text("description").default("RADIUS Client"),
    /** Where the router listens for CoA and Disconnect requests (`/radius incoming`), RFC 5176's 3799 by default. */
    coaPort: integer("coa_port").notNull().default(3799),
    /** The router sends and wants Message-Authenticator on every packet (RouterOS `require-message-auth`, BlastRADIUS). */
    requireMessageAuth: boolean("require_message_auth").notNull().default(true),
    /** How often the router sends an interim update; a session silent for three of these is closed as stale. */
    interimSeconds: integer("interim_seconds").notNull().default(300),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("radius_nas_nasname_idx").on(t.nasname), uniqueIndex("radius_nas_router_idx").on(t.routerId)],
);

/** Per-user check items: the password (encrypted) and `Simultaneous-Use`. */
export const radiusCheck = radiusSchema.table(
  "radcheck",
  {
    id: serial("id").primaryKey(),
    tenantId: tenantRef(),
    subscriptionId: uuid("subscription_id").notNull(),
    username: text("username").notNull().default(""),
    attribute: text("attribute").notNull().default(""),
    op: text("op").notNull().default("=="),
    value: text("value").notNull().default(""),
    encrypted: boolean("encrypted").notNull().default(false),
  },
  (t) => [index("radcheck_tenant_username_idx").on(t.tenantId, t.username), index("radcheck_subscription_idx").on(t.subscriptionId)],
);

/** Per-user reply items: a static `Framed-IP-Address`. */
export const radiusReply = radiusSchema.table(
  "radreply",
  {
    id: serial("id").primaryKey(),
    tenantId: tenantRef(),
    subscriptionId: uuid("subscription_id").notNull(),
    username: text("username").notNull().default(""),
    attribute: text("attribute").notNull().default(""),
    op: text("op").notNull().default("="),
    value: text("value").notNull().default(""),
  },
  (t) => [index("radreply_tenant_username_idx").on(t.tenantId, t.username), index("radreply_subscription_idx").on(t.subscriptionId)],
);

/** Which group (a plan's, or the ISP's isolation group while suspended) a user takes its replies from. */
export const radiusUserGroup = radiusSchema.table(
  "radusergroup",
  {
    id: serial("id").primaryKey(),
    tenantId: tenantRef(),
    subscriptionId: uuid("subscription_id").notNull(),
    username: text("username").notNull().default(""),
    groupname: text("groupname").notNull().default(""),
    priority: integer("priority").notNull().default(1),
  },
  (t) => [index("radusergroup_tenant_username_idx").on(t.tenantId, t.username), index("radusergroup_subscription_idx").on(t.subscriptionId)],
);

/** Group check items (none today; the table is FreeRADIUS's and its group query reads it). */
export const radiusGroupCheck = radiusSchema.table(
  "radgroupcheck",
  {
    id: serial("id").primaryKey(),
    tenantId: tenantRef(),
    groupname: text("groupname").notNull().default(""),
    attribute: text("attribute").notNull().default(""),
    op: text("op").notNull().default("=="),
    value: text("value").notNull().default(""),
  },
  (t) => [index("radgroupcheck_tenant_group_idx").on(t.tenantId, t.groupname)],
);

/** Group reply items: a plan's `Mikrotik-Rate-Limit` and `Framed-Pool`; the isolation group's address list and pool. */
export const radiusGroupReply = radiusSchema.table(
  "radgroupreply",
  {
    id: serial("id").primaryKey(),
    tenantId: tenantRef(),
    groupname: text("groupname").notNull().default(""),
    attribute: text("attribute").notNull().default(""),
    op: text("op").notNull().default("="),
    value: text("value").notNull().default(""),
  },
  (t) => [index("radgroupreply_tenant_group_idx").on(t.tenantId, t.groupname)],
);

/** radacct's columns but its id and stop time, shared with the archive of ended sessions. */
const accountingColumns = () => ({
  tenantId: tenantRef(),
  acctsessionid: text("acctsessionid").notNull(),
  acctuniqueid: text("acctuniqueid").notNull(),
  username: text("username"),
  realm: text("realm"),
  nasipaddress: inet("nasipaddress").notNull(),
  nasportid: text("nasportid"),
  nasporttype: text("nasporttype"),
  acctstarttime: ts("acctstarttime"),
  acctupdatetime: ts("acctupdatetime"),
  acctinterval: bigint("acctinterval", { mode: "number" }),
  acctsessiontime: bigint("acctsessiontime", { mode: "number" }),
  acctauthentic: text("acctauthentic"),
  connectinfoStart: text("connectinfo_start"),
  connectinfoStop: text("connectinfo_stop"),
  acctinputoctets: bigint("acctinputoctets", { mode: "number" }),
  acctoutputoctets: bigint("acctoutputoctets", { mode: "number" }),
  calledstationid: text("calledstationid"),
  callingstationid: text("callingstationid"),
  acctterminatecause: text("acctterminatecause"),
  servicetype: text("servicetype"),
  framedprotocol: text("framedprotocol"),
  framedipaddress: inet("framedipaddress"),
  framedipv6address: inet("framedipv6address"),
  framedipv6prefix: inet("framedipv6prefix"),
  framedinterfaceid: text("framedinterfaceid"),
  delegatedipv6prefix: inet("delegatedipv6prefix"),
  class: text("class"),
});

/**
 * Accounting as FreeRADIUS writes it (start, interim, stop): open sessions and those ended in the last day. Ended
 * sessions move to `radacct_archive` (archive.ts), so the table FreeRADIUS updates on every interim stays small and
 * its unique `acctuniqueid` (what its queries' ON CONFLICT names) stays possible.
 */
export const radiusAccounting = radiusSchema.table(
  "radacct",
  {
    radacctid: bigserial("radacctid", { mode: "number" }).primaryKey(),
    ...accountingColumns(),
    acctstoptime: ts("acctstoptime"),
  },
  (t) => [
    uniqueIndex("radacct_acctuniqueid_idx").on(t.acctuniqueid),
    index("radacct_tenant_username_idx").on(t.tenantId, t.username),
    index("radacct_open_idx").on(t.tenantId, t.nasipaddress, t.acctstoptime),
    index("radacct_start_idx").on(t.acctstarttime),
    // Who had an address (IP management's lookup), as the archive has.
    index("radacct_tenant_address_idx").on(t.tenantId, t.framedipaddress),
  ],
);

/**
 * Ended sessions, partitioned by the month they ended (`radacct_archive_pYYYYMMDD`, made ahead and dropped whole after
 * RADIUS_ACCOUNTING_RETENTION_DAYS by archive.ts; the migration makes the table partitioned and its default
 * partition). Kept for the subscriber's history and "who had this address then".
 */
export const radiusAccountingArchive = radiusSchema.table(
  "radacct_archive",
  {
    radacctid: bigint("radacctid", { mode: "number" }).notNull(),
    ...accountingColumns(),
    acctstoptime: ts("acctstoptime").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.radacctid, t.acctstoptime] }),
    index("radacct_archive_tenant_username_idx").on(t.tenantId, t.username, t.acctstoptime),
    index("radacct_archive_tenant_address_idx").on(t.tenantId, t.framedipaddress, t.acctstoptime),
  ],
);

/** Every authentication FreeRADIUS answered (accepted or rejected), without the password. */
export const radiusPostAuth = radiusSchema.table(
  "radpostauth",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tenantId: uuid("tenant_id"),
    username: text("username").notNull(),
    pass: text("pass"),
    reply: text("reply"),
    calledstationid: text("calledstationid"),
    callingstationid: text("callingstationid"),
    authdate: ts("authdate").notNull().defaultNow(),
    class: text("class"),
  },
  (t) => [
    index("radpostauth_tenant_date_idx").on(t.tenantId, t.authdate),
    // A subscriber's latest logins on their page (sessions.ts), without reading the ISP's whole log.
    index("radpostauth_tenant_user_idx").on(t.tenantId, t.username, t.authdate),
  ],
);
