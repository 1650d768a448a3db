import { radiusAddressUses } from "@/lib/radius/sessions";
import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withoutNul } from "@/lib/core/action";
import { formatDateTime } from "@/lib/core/dates";
import { listRouters, listSites } from "@/lib/routers/service";
import { wallClockInstant } from "@/lib/core/time-zones";
import { tenantLocale } from "@/lib/tenants/queries";
import { addressSearchSchema } from "@/lib/ipam/forms";
import { addressConflicts, findAddress, ipamTree, type AddressConflict, type PoolView, type PrefixView } from "@/lib/ipam/queries";
import { addressSourceLabels } from "@/lib/ipam/values";
import { addressSpaceLabels, prefixStatusLabels } from "@/lib/ipam/values";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { NetworkTabs } from "@/components/network/network-tabs";
import { DeletePrefixButton, EditPrefixButton, PrefixForm } from "@/components/ipam/ipam-forms";
import { DeletePoolButton, EditPoolButton, PoolForm } from "@/components/ipam/pool-forms";
import { formatMoney } from "@/lib/core/money";

export const metadata = { title: "IP addresses" };

/** A count of addresses: exact up to a trillion, a power of two beyond (an IPv6 /64 is 2^64). */
function count(n: bigint): string {
  if (n < 1_000_000_000_000n) return Number(n).toLocaleString("en-PH");
  return `2^${n.toString(2).length - 1}`;
}

function Use({ percent, label }: { percent: number; label: string }) {
  const tone = percent >= 90 ? "bg-destructive" : percent >= 75 ? "bg-amber-500" : "bg-primary";
  return (
    <div className="flex min-w-32 items-center gap-2">
      <div className="h-2 w-20 overflow-hidden rounded bg-muted" role="img" aria-label={label}>
        <div className={`h-full ${tone}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
      <span className="tabular-nums text-xs">{percent.toLocaleString("en-PH", { maximumFractionDigits: 1 })}%</span>
    </div>
  );
}

type PoolContext = { mayEdit: boolean; routers: { id: string; name: string }[]; currency: string };

function PoolRow({ pool, context }: { pool: PoolView; context: PoolContext }) {
  const routerName = pool.routerId ? (context.routers.find((r) => r.id === pool.routerId)?.name ?? null) : null;
  const onRouter = routerName
    ? pool.range.includes(":")
      ? `${routerName} (IPv6: kept in our records only)`
      : `On ${routerName}`
    : "Not on a router";
  return (
    <tr className="border-b bg-muted/30 last:border-0">
      <td className="p-3 pl-8">
        <span className="font-medium">Pool {pool.name}</span>
        <span className="block font-mono text-xs text-muted-foreground">{pool.range}</span>
      </td>
      <td className="p-3 text-xs">
        <span className="block">{onRouter}</span>
        {pool.monthlyFeeCentavos ? (
          <span className="block">{formatMoney(pool.monthlyFeeCentavos, context.currency)}/month per static address</span>
        ) : null}
        <span className="block text-muted-foreground">
          {pool.quarantined > 0
            ? `${pool.quarantined.toLocaleString("en-PH")} in quarantine (${pool.quarantineDays} days)`
            : `Quarantine ${pool.quarantineDays} days`}
        </span>
      </td>
      <td className="p-3 tabular-nums">
        {pool.used.toLocaleString("en-PH")} of {count(pool.size)}
        <span className="block text-xs text-muted-foreground">
          {count(pool.free)} free
          {pool.runsOutInDays !== null ? ` · full in about ${pool.runsOutInDays.toLocaleString("en-PH")} days at the last 30 days' pace` : ""}
        </span>
      </td>
      <td className="p-3">
        <Use percent={pool.percent} label={`Pool ${pool.name} ${pool.percent}% used`} />
      </td>
      <td className="p-3 text-right">
        {context.mayEdit ? (
          <span className="flex justify-end gap-1">
            <EditPoolButton
              pool={{
                id: pool.id,
                name: pool.name,
                range: pool.range,
                routerId: pool.routerId,
                monthlyFeeCentavos: pool.monthlyFeeCentavos,
                quarantineDays: pool.quarantineDays,
                description: pool.description,
              }}
              routers={context.routers}
            />
            <DeletePoolButton poolId={pool.id} name={pool.name} onRouter={routerName} />
          </span>
        ) : null}
      </td>
    </tr>
  );
}

function PrefixRows({ prefix, sites, context }: { prefix: PrefixView; sites: { id: string; name: string }[]; context: PoolContext }) {
  const { mayEdit } = context;
  return (
    <>
      <tr className="border-b align-top last:border-0">
        <td className="p-3" style={{ paddingLeft: `${0.75 + prefix.depth * 1.25}rem` }}>
          <span className="font-mono font-medium">{prefix.prefix}</span>
          <span className="mt-1 flex flex-wrap gap-1">
            <Badge tone={prefix.status === "active" ? "success" : prefix.status === "deprecated" ? "warning" : "neutral"}>
              {prefixStatusLabels[prefix.status]}
            </Badge>
            <Badge tone="info">{addressSpaceLabels[prefix.space]}</Badge>
          </span>
        </td>
        <td className="p-3 text-xs">
          {[prefix.siteName, prefix.vlan ? `VLAN ${prefix.vlan}` : null, prefix.description].filter(Boolean).join(" · ") || "—"}
        </td>
        <td className="p-3 tabular-nums">
          {prefix.used.toLocaleString("en-PH")} of {count(prefix.size)}
        </td>
        <td className="p-3">
          <Use percent={prefix.percent} label={`${prefix.prefix} ${prefix.percent}% used`} />
        </td>
        <td className="p-3 text-right">
          {mayEdit ? (
            <span className="flex justify-end gap-1">
              <EditPrefixButton prefix={prefix} sites={sites} />
              <DeletePrefixButton prefixId={prefix.id} prefix={prefix.prefix} />
            </span>
          ) : null}
        </td>
      </tr>
      {prefix.pools.map((pool) => (
        <PoolRow key={pool.id} pool={pool} context={context} />
      ))}
    </>
  );
}

export default async function IpamPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("network:view");
  const mayEdit = can(ctx.role, "routers:write");
  const { address, at } = addressSearchSchema.parse(withoutNul(await searchParams));
  const { timeZone, currency } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
  const usedAt = at ? wallClockInstant(at, timeZone) : undefined;
  const [tree, conflicts, found, sites, routers] = await Promise.all([
    ipamTree(ctx.db, { tenantId: ctx.tenantId }),
    addressConflicts(ctx.db, { tenantId: ctx.tenantId }),
    // RADIUS routers' sessions are known exactly from accounting: merged with what the polls saw.
    address
      ? radiusAddressUses(ctx.db, { tenantId: ctx.tenantId, address, at: usedAt }).then((exactUses) =>
          findAddress(ctx.db, { tenantId: ctx.tenantId, address, usedAt, exactUses }),
        )
      : Promise.resolve(null),
    listSites(ctx.db, { tenantId: ctx.tenantId }),
    listRouters(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const routerNames = new Map(routers.map((r) => [r.id, r.name]));
  const siteOptions = sites.map((s) => ({ id: s.id, name: s.name }));
  const poolContext: PoolContext = { mayEdit, routers: routers.map((r) => ({ id: r.id, name: r.name })), currency };
  const conflictWords = {
    duplicate: "on more than one subscription",
    unrecorded: "not recorded as this subscription's",
    outside: "outside every recorded prefix",
    taken: "in use on a router by someone other than the subscriber it is assigned to",
    unpooled: "in use on a router outside every recorded pool",
  } as const;
  return (
    <>
      <PageHeader
        title="IP addresses"
        description="The prefixes and pools the ISP hands addresses out from, how full each is, and who holds an address."
      />
      <NetworkTabs />
      <div className="flex flex-col gap-5">
        <Card>
          <CardHeader>
            <CardTitle>Who holds an address</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <form method="get" role="search" aria-label="Find an address" className="flex flex-wrap items-end gap-2">
              <label className="flex min-w-0 flex-col gap-1.5 text-sm font-medium" htmlFor="address-search">
                Address
                <Input
                  id="address-search"
                  name="address"
                  type="search"
                  defaultValue={address ?? ""}
                  placeholder="100.64.3.17"
                  spellCheck={false}
                  className="max-w-xs"
                />
              </label>
              <label className="flex min-w-0 flex-col gap-1.5 text-sm font-medium" htmlFor="address-at">
                Used at (optional, {timeZone})
                <Input id="address-at" name="at" type="datetime-local" defaultValue={at ?? ""} className="max-w-xs" />
              </label>
              <Button type="submit" variant="outline">
                Find
              </Button>
            </form>
            {found ? (
              <div role="status" className="text-sm">
                <p>
                  <span className="font-mono font-medium">{found.address}</span>:{" "}
                  {found.status === "assigned" && found.subscription ? (
                    <>
                      assigned to{" "}
                      <Link href={`/customers/${found.subscription.customerId}`} className="text-primary underline underline-offset-4">
                        {found.subscription.customerName}
                      </Link>{" "}
                      ({found.subscription.accountNumber}, <span className="font-mono">{found.subscription.username}</span>)
                    </>
                  ) : found.status === "quarantined" ? (
                    <>
                      released {found.releasedAt ? formatDateTime(found.releasedAt, timeZone) : ""}
                      {found.subscription ? ` by ${found.subscription.customerName}` : ""}; free for others from{" "}
                      {found.quarantineUntil ? formatDateTime(found.quarantineUntil, timeZone) : "now"}
                    </>
                  ) : (
                    "free: nobody holds it"
                  )}
                  .
                </p>
                <p className="mt-2 font-medium">
                  {usedAt ? `Sessions with it at ${formatDateTime(usedAt, timeZone)}` : "Its latest sessions on the routers"}
                </p>
                {found.uses.length === 0 ? (
                  <p className="text-muted-foreground">None {usedAt ? "at that time" : "recorded"}.</p>
                ) : (
                  <ul className="list-disc pl-5">
                    {found.uses.map((use) => (
                      <li key={`${use.username} ${use.startedAt.toISOString()}`}>
                        {use.username ? <span className="font-mono">{use.username}</span> : "An unknown device"} on{" "}
                        {routerNames.get(use.routerId) ?? "a removed router"}
                        {use.callerId ? ` (${use.source === "ppp" ? "CPE" : "MAC"} ${use.callerId})` : ""}, {addressSourceLabels[use.source]}:{" "}
                        {formatDateTime(use.startedAt, timeZone)} – {use.endedAt ? formatDateTime(use.endedAt, timeZone) : "now"}
                      </li>
                    ))}
                  </ul>
                )}
                <p className="mt-2 text-muted-foreground">
                  {found.poolName ? `Pool ${found.poolName}. ` : ""}
                  {found.prefixes.length > 0 ? `Inside ${found.prefixes.join(" › ")}.` : "Inside none of the recorded prefixes."}
                </p>
              </div>
            ) : address ? null : (
              <p className="text-sm text-muted-foreground">
                An address typed here is looked up in the assignments: who holds it, or who released it and when it is free.
              </p>
            )}
          </CardContent>
        </Card>
        {conflicts.length > 0 ? (
          <Card>
            <CardHeader>
              <CardTitle>Conflicts ({conflicts.length})</CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="divide-y text-sm">
                {conflicts.map((conflict) => (
                  <li key={`${conflict.kind} ${conflict.address} ${conflict.seen?.device ?? ""}`} className="py-2">
                    <ConflictText conflict={conflict} words={conflictWords[conflict.kind]} />
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        ) : null}
        {tree.length === 0 ? (
          <EmptyState title="No prefixes recorded yet">
            Add the blocks you hold (public, private, CGNAT), then the pools inside them that routers hand addresses out from.
          </EmptyState>
        ) : (
          <DataTable
            label="Prefixes and pools"
            columns={[
              { label: "Prefix or pool" },
              { label: "Site, VLAN, notes; router, fee" },
              { label: "Used" },
              { label: "Use" },
              { label: "Actions", srOnly: true },
            ]}
          >
            {tree.map((prefix) => (
              <PrefixRows key={prefix.id} prefix={prefix} sites={siteOptions} context={poolContext} />
            ))}
          </DataTable>
        )}
        {mayEdit ? (
          <div className="grid gap-5 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>Add a prefix</CardTitle>
              </CardHeader>
              <CardContent>
                <PrefixForm sites={siteOptions} />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Add a pool</CardTitle>
              </CardHeader>
              <CardContent>
                {tree.length === 0 ? (
                  <p className="text-sm text-muted-foreground">Add the prefix it lies in first.</p>
                ) : (
                  <PoolForm prefixes={tree.map((p) => ({ id: p.id, name: p.prefix }))} routers={poolContext.routers} />
                )}
              </CardContent>
            </Card>
          </div>
        ) : null}
      </div>
    </>
  );
}

/** One conflict in words: the address, what is wrong, who is involved and, for what a router shows, where and which device. */
function ConflictText({ conflict, words }: { conflict: AddressConflict; words: string }) {
  const [user, holder] = conflict.usernames;
  return (
    <>
      <span className="font-mono">{conflict.address}</span> is {words}:{" "}
      {conflict.kind === "taken" ? (
        <>
          used by {user ? <span className="font-mono">{user}</span> : "a device that is nobody's on record"}, assigned to{" "}
          <span className="font-mono">{holder}</span>
        </>
      ) : conflict.usernames.length > 0 ? (
        <span className="font-mono">{conflict.usernames.join(", ")}</span>
      ) : (
        "a device that is nobody's on record"
      )}
      {conflict.seen ? (
        <span className="text-muted-foreground">
          {" "}
          ({addressSourceLabels[conflict.seen.source]}
          {conflict.seen.device ? (
            <>
              , <span className="font-mono">{conflict.seen.device}</span>
            </>
          ) : null}
          )
        </span>
      ) : null}
    </>
  );
}
