/*
 * A complete FreeRADIUS 3.2 configuration directory (`freeradius -f -d <dir>`) for NetSphere's RADIUS mode, as files
 * (pure: `npm run radius:config` writes them). One server answers every ISP:
 *
 * - NASes are dynamic clients: the first packet from an address not yet known runs the `dynamic_clients` server,
 *   which reads the NAS from radius.nas (its secret decrypted in SQL, its require_message_auth), so adding a router
 *   needs no restart; the definition is kept `clientLifetime` seconds, then read again (a changed secret takes effect).
 * - Users are authorized from radcheck/radreply and their group's radgroupreply (a plan, a data-cap step, or the ISP's
 *   isolation group, which is accepted so the subscriber reaches the payment page); a user with no rows is rejected.
 * - PAP, CHAP and MS-CHAP (v1/v2) all work from the Cleartext-Password we store.
 * - Accounting writes radacct, Simultaneous-Use counts the ISP's open sessions, post-auth logs without the password.
 *
 * Every file is written readable by FreeRADIUS only: it holds the RADIUS key and the database password.
 */
import { accountingQueries, authQueries, nasQueries, SOURCE } from "@/lib/radius/freeradius-queries";

export type FreeradiusConfigOptions = {
  database: { host: string; port: number; dbname: string; user: string; password: string; sslmode?: string };
  /** The RADIUS key (crypto.ts `radiusKey()`), to decrypt secrets in SQL. */
  radiusKey: Buffer;
  authPort: number;
  acctPort: number;
  /** Where to listen: 127.0.0.1 by default; `*` (or 0.0.0.0) for every IPv4 address, `::` for IPv6. */
  listenAddress?: string;
  /** The directory the files are written to (`-d`), and where FreeRADIUS keeps its log and pid file. */
  configDir: string;
  logDir: string;
  runDir: string;
  /** Debian's FreeRADIUS modules. */
  libDir?: string;
  /** Seconds a NAS's definition is kept before radius.nas is read again. */
  clientLifetime?: number;
  /** Database connections FreeRADIUS keeps (its threads share them). */
  maxConnections?: number;
  /** The system user and group to run as once the ports are open (Debian's package uses freerad). */
  runAs?: { user: string; group: string };
};

export type ConfigFile = { path: string; contents: string };

/** A literal FreeRADIUS string (single-quoted strings are not expanded). */
const literal = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
/** A double-quoted FreeRADIUS string expanded at run time (`%{...}`); the SQL here holds no `"`, `\` or `$`. */
const expanded = (value: string) => {
  if (/["\\$]/.test(value)) throw new Error(`A FreeRADIUS query may not contain ", \\ or $: ${value}`);
  return `"${value}"`;
};

export function freeradiusConfig(options: FreeradiusConfigOptions): ConfigFile[] {
  return [
    { path: "radiusd.conf", contents: radiusdConf(options) },
    { path: "dictionary", contents: "# FreeRADIUS's own dictionaries (with dictionary.mikrotik) are read first; nothing is added here.\n" },
    { path: "mods-enabled/sql", contents: sqlModule(options) },
    { path: "mods-enabled/auth", contents: authModules() },
    { path: "sites-enabled/default", contents: defaultServer(options) },
    { path: "sites-enabled/dynamic-clients", contents: dynamicClients(options) },
  ];
}

function radiusdConf(o: FreeradiusConfigOptions) {
  const threads = Math.max(8, o.maxConnections ?? 16);
  return `# NetSphere's FreeRADIUS configuration (npm run radius:config). Regenerate it rather than editing it.
prefix = /usr
name = freeradius
raddbdir = ${literal(o.configDir)}
confdir = \${raddbdir}
modconfdir = \${confdir}/mods-config
logdir = ${literal(o.logDir)}
run_dir = ${literal(o.runDir)}
libdir = ${literal(o.libDir ?? "/usr/lib/freeradius")}
pidfile = \${run_dir}/freeradius.pid
checkrad = /usr/sbin/checkrad
correct_escapes = true
max_request_time = 30
cleanup_delay = 5
max_requests = 65536
hostname_lookups = no

log {
	destination = files
	colourise = no
	file = \${logdir}/radius.log
	syslog_facility = daemon
	stripped_names = no
	auth = no
	auth_badpass = no
	auth_goodpass = no
}

security {
${o.runAs ? `\tuser = ${o.runAs.user}\n\tgroup = ${o.runAs.group}\n` : ""}	allow_core_dumps = no
	max_attributes = 200
	reject_delay = 1
	status_server = yes
}

thread pool {
	start_servers = ${Math.min(8, threads)}
	max_servers = ${threads}
	min_spare_servers = 4
	max_spare_servers = ${threads}
	max_requests_per_server = 0
	auto_limit_acct = no
}

modules {
	$INCLUDE mods-enabled/
}

instantiate {
}

$INCLUDE sites-enabled/
`;
}

function sqlModule(o: FreeradiusConfigOptions) {
  const db = o.database;
  const auth = authQueries(o.radiusKey);
  const accounting = Object.entries(accountingQueries())
    .map(([type, queries]) => `\t\t\t${type} {\n${queries.map((q) => `\t\t\t\tquery = ${expanded(q)}\n`).join("")}\t\t\t}\n`)
    .join("");
  const connections = o.maxConnections ?? 16;
  // libpq reads the connection string in radius_db: sslmode (Supabase, Neon) has no item of its own.
  const conninfo = [`dbname=${db.dbname}`, ...(db.sslmode ? [`sslmode=${db.sslmode}`] : [])].join(" ");
  return `sql {
	driver = "rlm_sql_postgresql"
	dialect = "postgresql"
	server = ${literal(db.host)}
	port = ${db.port}
	login = ${literal(db.user)}
	password = ${literal(db.password)}
	radius_db = ${literal(conninfo)}

	postgresql {
		send_application_name = yes
	}

	# NASes come from the dynamic_clients server, not from a list read at start-up.
	read_clients = no
	# Group reply items come with the user's (authorize_reply_query): no separate group pass.
	read_groups = no
	read_profiles = no
	delete_stale_sessions = no
	group_attribute = "SQL-Group"
	sql_user_name = "%{User-Name}"

	pool {
		start = ${Math.min(4, connections)}
		min = ${Math.min(4, connections)}
		max = ${connections}
		spare = ${connections - Math.min(4, connections)}
		uses = 0
		retry_delay = 5
		lifetime = 0
		idle_timeout = 60
		connect_timeout = 3.0
	}

${Object.entries(auth)
  .filter(([name]) => name !== "postauth_query")
  .map(([name, query]) => `\t${name} = ${expanded(query)}\n`)
  .join("")}
	accounting {
		reference = "%{tolower:type.%{%{Acct-Status-Type}:-none}.query}"
		type {
${accounting}		}
	}

	post-auth {
		query = ${expanded(auth.postauth_query)}
	}
}
`;
}

function authModules() {
  return `pap {
	normalise = yes
}

# %{tolower:...} and %{md5:...}
expr {
}

chap {
}

# MS-CHAPv1/v2 from the Cleartext-Password (the NT hash is computed from it); MPPE keys for PPP encryption.
mschap {
	use_mppe = yes
	require_encryption = no
	require_strong = no
	with_ntdomain_hack = yes
}

always reject {
	rcode = reject
}

always ok {
	rcode = ok
}
`;
}

function listen(type: "auth" | "acct", address: string, port: number) {
  const v6 = address.includes(":");
  const item = v6 ? "ipv6addr" : "ipaddr";
  const value = address === "0.0.0.0" ? "*" : address;
  return `\tlisten {\n\t\ttype = ${type}\n\t\t${item} = ${value}\n\t\tport = ${port}\n\t}\n`;
}

function defaultServer(o: FreeradiusConfigOptions) {
  const address = o.listenAddress ?? "127.0.0.1";
  return `server default {
${listen("auth", address, o.authPort)}${listen("acct", address, o.acctPort)}
	authorize {
		chap
		mschap
		sql
		# No rows for this user at this NAS's ISP: pending, terminated, unknown, or another ISP's subscriber.
		if (notfound) {
			reject
		}
		pap
	}

	authenticate {
		Auth-Type PAP {
			pap
		}
		Auth-Type CHAP {
			chap
		}
		Auth-Type MS-CHAP {
			mschap
		}
	}

	preacct {
		# One id per session across every ISP: the NAS's source address is part of it.
		update request {
			&Acct-Unique-Session-Id := "%{md5:${SOURCE},%{User-Name},%{Acct-Session-Id},%{NAS-Port-ID},%{NAS-Port}}"
		}
	}

	accounting {
		sql
	}

	# Simultaneous-Use: the open sessions the sql module counts.
	session {
		sql
	}

	post-auth {
		sql
		# Every answer carries a Message-Authenticator (BlastRADIUS): a RouterOS NAS with require-message-auth drops
		# one without it, and FreeRADIUS before 3.2.5 adds it only when the reply already has the attribute.
		update reply {
			&Message-Authenticator := 0x00
		}
		Post-Auth-Type REJECT {
			sql
			# A refused login gets no plan attributes (the group's were read before the password was checked).
			update reply {
				&Message-Authenticator := 0x00
				&Mikrotik-Rate-Limit !* ANY
				&Mikrotik-Address-List !* ANY
				&Mikrotik-Group !* ANY
				&Framed-Pool !* ANY
				&Framed-IP-Address !* ANY
			}
		}
	}
}
`;
}

function dynamicClients(o: FreeradiusConfigOptions) {
  const nas = nasQueries(o.radiusKey);
  const lifetime = o.clientLifetime ?? 300;
  // Every address may be a NAS; only those with a radius.nas row become one.
  const network = (name: string, item: "ipaddr" | "ipv6addr", prefix: string) =>
    `client ${name} {\n\t${item} = ${prefix}\n\tdynamic_clients = dynamic_clients\n\tlifetime = ${lifetime}\n}\n`;
  return `${network("nas_ipv4", "ipaddr", "0.0.0.0/0")}
${network("nas_ipv6", "ipv6addr", "::/0")}
server dynamic_clients {
	authorize {
		if ("%{sql:${nas.exists}}" == 1) {
			update control {
				&FreeRADIUS-Client-Shortname = "%{sql:${nas.shortname}}"
				&FreeRADIUS-Client-Secret = "%{sql:${nas.secret}}"
				&FreeRADIUS-Client-NAS-Type = "other"
				&FreeRADIUS-Client-Require-MA = "%{sql:${nas.requireMessageAuth}}"
			}
			if (&Packet-Src-IP-Address) {
				update control {
					&FreeRADIUS-Client-IP-Address = "%{Packet-Src-IP-Address}"
				}
			}
			else {
				update control {
					&FreeRADIUS-Client-IPv6-Address = "%{Packet-Src-IPv6-Address}"
				}
			}
			ok
		}
	}
}
`;
}
