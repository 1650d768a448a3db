/*
 * Adopt from router, address pools: ISPs start with pools already on their routers ("pppoe-pool
 * 100.64.10.2-100.64.10.254"). We list the `/ip/pool` entries without a NetSphere marker (of any installation) with
 * what IP management makes of each, and on confirmation IP management records each as a pool this router carries
 * (lib/ipam/adoption.ts) and we put our marker on the entry: from then on the reconciler keeps it, with no conflict
 * and no change while the ranges agree.
 */
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { toAppError, withRouter } from "@/lib/routers/access";
import { adoptRouterPool, poolAdoptionCandidates, type PoolAdoptionCandidate, type RouterPoolEntry } from "@/lib/ipam/adoption";
import { isManaged, marker, markerOwner } from "@/lib/provisioning/desired";
import { installationId } from "@/lib/provisioning/installation";
import { printSized } from "@/lib/provisioning/router-io";
import type { TenantActor } from "@/lib/audit/record";
import type { Db } from "@/lib/db/types";

const POOL_PROPS = [".id", "name", "ranges", "next-pool", "comment"];

const entryOf = (row: Record<string, string>): RouterPoolEntry => ({
  name: row.name ?? "",
  ranges: row.ranges ?? "",
  nextPool: row["next-pool"] && row["next-pool"] !== "none" ? row["next-pool"] : "",
  comment: row.comment ?? "",
});

/** The router's pools NetSphere doesn't manage, each with its prefix, our pool of that name, and why it can't be adopted. */
export async function previewPoolAdoption(db: Db, ids: { tenantId: string; routerId: string }): Promise<PoolAdoptionCandidate[]> {
  const rows = await withRouter(db, ids, (client) => printSized(client, "ip/pool", POOL_PROPS));
  return poolAdoptionCandidates(db, ids, rows.filter((row) => !isManaged(row.comment)).map(entryOf));
}

export const poolAdoptionSchema = z.object({
  routerId: z.uuid(),
  pools: z
    .array(z.object({ name: z.string().min(1).max(64), ranges: z.string().min(1).max(1000) }))
    .min(1, "Choose at least one pool")
    .max(500, "Adopt at most 500 pools at a time"),
});

/**
 * Records each chosen pool in IP management as carried by this router, then marks the router's entry as ours (with the
 * range as we write it, when the router wrote the same addresses otherwise). Refused as a whole if an entry changed
 * or vanished since the preview, or one of them can't be adopted as it is.
 */
export async function adoptPoolsFromRouter(db: Db, actor: TenantActor, input: z.output<typeof poolAdoptionSchema>) {
  const ids = { tenantId: actor.tenantId, routerId: input.routerId };
  const owner = markerOwner(await installationId(db), input.routerId);
  return withRouter(db, ids, async (client) => {
    const rows = new Map((await printSized(client, "ip/pool", POOL_PROPS)).map((row) => [row.name, row]));
    const changed = input.pools.filter((p) => {
      const row = rows.get(p.name);
      return !row || isManaged(row.comment) || row.ranges !== p.ranges;
    });
    if (changed.length > 0)
      throw new AppError("conflict", `These pools changed on the router since the preview: ${changed.map((p) => p.name).join(", ")}. Preview again.`);
    const judged = await poolAdoptionCandidates(
      db,
      ids,
      input.pools.map((p) => entryOf(rows.get(p.name)!)),
    );
    const refused = judged.filter((candidate) => candidate.problem);
    if (refused.length > 0)
      throw new AppError("validation", `Not adopted: ${refused.map((candidate) => `${candidate.name}: ${candidate.problem}`).join(" ")}`);

    const adopted: { name: string; poolId: string; prefixCreated: string | null }[] = [];
    for (const { name } of input.pools) {
      const row = rows.get(name)!;
      let recorded = false;
      try {
        const pool = await adoptRouterPool(db, actor, { routerId: input.routerId, entry: entryOf(row) });
        recorded = true;
        await client.write("/ip/pool/set", {
          ".id": row[".id"],
          comment: marker(owner, "pool", pool.poolId),
          ...(pool.range === row.ranges ? {} : { ranges: pool.range }),
        });
        adopted.push({ name, poolId: pool.poolId, prefixCreated: pool.prefixCreated });
      } catch (error) {
        const done = adopted.length ? `Adopted ${adopted.map((a) => a.name).join(", ")}; ` : "";
        // A pool recorded whose entry is not marked yet is taken as that entry's when adopted again.
        const where = recorded ? `${name} is recorded but its router entry is not marked yet (adopt it again)` : `stopped at ${name}`;
        const reason = toAppError(error);
        throw new AppError("conflict", `${done}${where}: ${reason instanceof Error ? reason.message : String(error)}`, { details: { adopted } });
      }
    }
    return adopted;
  });
}
