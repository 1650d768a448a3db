import { liveRead } from "@/lib/routers/live";
import { HOTSPOT_USER_LIMIT, readHotspot } from "@/lib/hotspot/live";
import { formatBytes } from "@/lib/network/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { LiveReadError } from "@/components/routers/fact-list";
import { KickSessionButton } from "@/components/routers/kick-session-button";
import type { DbOrTx } from "@/lib/db/types";

const cell = "p-3";
const num = "p-3 text-right tabular-nums";

/** The router's hotspot users, profiles and live sessions, read live; a router that is down shows why. */
export async function HotspotLive({
  db,
  tenantId,
  routerId,
  search,
  canKick,
}: {
  db: DbOrTx;
  tenantId: string;
  routerId: string;
  search: string;
  canKick: boolean;
}) {
  const read = await liveRead(readHotspot(db, { tenantId, routerId }, { search }));
  if (!read.ok) return <LiveReadError what="the hotspot" message={read.message} />;
  const { users, profiles, active, totalUsers, matchingUsers } = read.data;
  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Active sessions</CardTitle>
          <CardDescription>{active.length === 0 ? "Nobody is logged in right now." : `${active.length} logged in now.`}</CardDescription>
        </CardHeader>
        {active.length > 0 ? (
          <CardContent>
            <DataTable
              columns={[
                { label: "User" },
                { label: "Address" },
                { label: "MAC" },
                { label: "Uptime", align: "right" },
                { label: "Down", align: "right" },
                { label: "Up", align: "right" },
                ...(canKick ? [{ label: "Actions", srOnly: true }] : []),
              ]}
            >
              {active.map((s) => (
                <tr key={s.id}>
                  <td className={`${cell} font-mono`}>{s.name}</td>
                  <td className={`${cell} font-mono text-xs`}>{s.address}</td>
                  <td className={`${cell} font-mono text-xs`}>{s.macAddress}</td>
                  <td className={num}>{s.uptime}</td>
                  {/* Router-side counters: bytes-out is what the user downloaded. */}
                  <td className={num}>{formatBytes(s.bytesOut)}</td>
                  <td className={num}>{formatBytes(s.bytesIn)}</td>
                  {canKick ? (
                    <td className={`${cell} text-right`}>
                      <KickSessionButton routerId={routerId} service="hotspot" name={s.name} id={s.id} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </DataTable>
          </CardContent>
        ) : null}
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Hotspot users</CardTitle>
          <CardDescription>
            {search ? `${matchingUsers} of ${totalUsers} users match “${search}”.` : `${totalUsers} users on the router.`}
            {users.length < matchingUsers ? ` The first ${HOTSPOT_USER_LIMIT} are shown; search to narrow.` : ""} Users whose comment starts with
            “netsphere:” are kept by NetSphere; the others were made on the router.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <form method="get" role="search" aria-label="Hotspot users" className="flex flex-wrap items-end gap-2">
            <div className="flex min-w-0 flex-1 basis-48 flex-col gap-1.5">
              <Label htmlFor="hotspot-user-search">Search users</Label>
              <Input id="hotspot-user-search" name="q" type="search" defaultValue={search} placeholder="Code or profile" />
            </div>
            <Button type="submit" variant="outline">
              Search
            </Button>
          </form>
          {users.length === 0 ? (
            <p className="text-sm text-muted-foreground">No hotspot users{search ? " match" : " yet"}.</p>
          ) : (
            <DataTable
              columns={[
                { label: "Name" },
                { label: "Profile" },
                { label: "Uptime", align: "right" },
                { label: "Limit", align: "right" },
                { label: "Down", align: "right" },
                { label: "Up", align: "right" },
                { label: "Managed by" },
              ]}
            >
              {users.map((u) => (
                <tr key={u.id || u.name}>
                  <td className={`${cell} font-mono`}>
                    {u.name} {u.disabled ? <Badge tone="warning">disabled</Badge> : null}
                  </td>
                  <td className={cell}>{u.profile}</td>
                  <td className={num}>{u.uptime || "0s"}</td>
                  <td className={num}>{!u.limitUptime || u.limitUptime === "0s" ? "none" : u.limitUptime}</td>
                  <td className={num}>{formatBytes(u.bytesOut)}</td>
                  <td className={num}>{formatBytes(u.bytesIn)}</td>
                  <td className={cell}>{u.managed ? <Badge tone="info">NetSphere</Badge> : <Badge>unmanaged</Badge>}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>User profiles</CardTitle>
        </CardHeader>
        <CardContent>
          <DataTable
            columns={[
              { label: "Profile" },
              { label: "Rate limit (up/down)" },
              { label: "Shared users", align: "right" },
              { label: "Session timeout" },
              { label: "Idle timeout" },
            ]}
          >
            {profiles.map((p) => (
              <tr key={p.name}>
                <td className={`${cell} font-medium`}>{p.name}</td>
                <td className={`${cell} font-mono text-xs`}>{p.rateLimit || "none"}</td>
                <td className={num}>{p.sharedUsers || "1"}</td>
                <td className={cell}>{p.sessionTimeout || "none"}</td>
                <td className={cell}>{p.idleTimeout || "none"}</td>
              </tr>
            ))}
          </DataTable>
        </CardContent>
      </Card>
    </div>
  );
}
