import type { DbOrTx } from "@/lib/db/types";
import { radiusLoginAttemptsOf, radiusSessionsOf } from "@/lib/radius/sessions";
import { formatAge, formatDateTime } from "@/lib/core/dates";
import { formatBytes } from "@/lib/network/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";

const columns = [
  { label: "Started" },
  { label: "Ended" },
  { label: "Length", align: "right" as const },
  { label: "Address" },
  { label: "Router" },
  { label: "Download", align: "right" as const },
  { label: "Upload", align: "right" as const },
];

/**
 * A subscriber's RADIUS sessions (radacct) and latest logins (radpostauth) on the customer page, for subscriptions
 * whose router authenticates through RADIUS. Server component; renders nothing for a user RADIUS has never seen.
 */
export async function RadiusSessions({
  db,
  tenantId,
  username,
  timeZone,
  now,
}: {
  db: DbOrTx;
  /** From the session, never from the request. */
  tenantId: string;
  username: string;
  timeZone: string;
  now: Date;
}) {
  const [sessions, logins] = await Promise.all([radiusSessionsOf(db, { tenantId, username }), radiusLoginAttemptsOf(db, { tenantId, username })]);
  if (sessions.length === 0 && logins.length === 0) return null;
  const open = sessions.find((s) => !s.endedAt);
  return (
    <Card>
      <CardHeader>
        <CardTitle>RADIUS sessions of {username}</CardTitle>
        <CardDescription>
          {open
            ? `Online since ${open.startedAt ? formatDateTime(open.startedAt, timeZone) : "an unknown time"}${open.address ? ` at ${open.address}` : ""} on ${open.router}; the router last reported it ${open.lastHeardAt ? `${formatAge(now.getTime() - open.lastHeardAt.getTime())} ago` : "never"}.`
            : "Not online now, as the routers' accounting tells."}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {sessions.length ? (
          <DataTable columns={columns} label={`RADIUS sessions of ${username}`}>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td className="p-3 whitespace-nowrap">{s.startedAt ? formatDateTime(s.startedAt, timeZone) : "—"}</td>
                <td className="p-3">
                  {s.endedAt ? (
                    <>
                      <span className="whitespace-nowrap">{formatDateTime(s.endedAt, timeZone)}</span>
                      {s.endedBecause ? <span className="block text-xs text-muted-foreground">{s.endedBecause}</span> : null}
                    </>
                  ) : (
                    <Badge tone="success">online</Badge>
                  )}
                </td>
                <td className="p-3 text-right whitespace-nowrap tabular-nums">{s.seconds != null ? formatAge(s.seconds * 1000) : "—"}</td>
                <td className="p-3 font-mono">{s.address ?? "—"}</td>
                <td className="p-3 whitespace-nowrap">{s.router}</td>
                <td className="p-3 text-right whitespace-nowrap tabular-nums">{formatBytes(s.downloadBytes)}</td>
                <td className="p-3 text-right whitespace-nowrap tabular-nums">{formatBytes(s.uploadBytes)}</td>
              </tr>
            ))}
          </DataTable>
        ) : null}
        {logins.length ? (
          <section aria-label={`Latest logins of ${username}`}>
            <h3 className="mb-2 text-sm font-medium">Latest logins</h3>
            <ul className="space-y-1 text-sm">
              {logins.map((login, index) => (
                <li key={index} className="flex flex-wrap items-center gap-2">
                  <Badge tone={login.accepted ? "success" : "danger"}>{login.accepted ? "accepted" : "rejected"}</Badge>
                  <span>{formatDateTime(login.at, timeZone)}</span>
                  {login.device ? <span className="font-mono text-muted-foreground">from {login.device}</span> : null}
                </li>
              ))}
            </ul>
            {logins.some((login) => !login.accepted) ? (
              <p className="mt-2 text-xs text-muted-foreground">
                A rejected login is a wrong user name or password on the subscriber&apos;s router or device, or a second login while Simultaneous-Use
                is reached.
              </p>
            ) : null}
          </section>
        ) : null}
      </CardContent>
    </Card>
  );
}
