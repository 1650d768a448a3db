/*
 * The at-risk list: subscribers with a running service scored as of now, highest first, narrowed by band or by a
 * signal. Subscribers without any signal score zero and are not read (signals.ts), so the list stays short.
 */
import "server-only";
import type { DbOrTx } from "@/lib/db/types";
import { churnScore, MEDIUM_RISK, type ChurnScore, type ChurnSignal } from "./score";
import { churnSignals, type SubscriberSignals } from "./signals";

/** Rows shown at most: the worst ones, where a call makes a difference. */
export const AT_RISK_LIMIT = 200;

export type AtRiskRow = Omit<SubscriberSignals, "signals"> & ChurnScore;

export type AtRiskFilter = { band?: "high" | "medium" | "any"; signal?: ChurnSignal };

export async function atRiskSubscribers(
  db: DbOrTx,
  { tenantId, timeZone, now, filter = {} }: { tenantId: string; timeZone: string; now: Date; filter?: AtRiskFilter },
): Promise<{ rows: AtRiskRow[]; total: number }> {
  const scored = (await churnSignals(db, { tenantId, asOf: now, timeZone })).map(({ signals, ...rest }) => ({ ...rest, ...churnScore(signals) }));
  const band = filter.band ?? "medium";
  const kept = scored
    .filter((row) => (band === "high" ? row.band === "high" : band === "medium" ? row.score >= MEDIUM_RISK : row.score > 0))
    .filter((row) => !filter.signal || row.contributions.some((c) => c.signal === filter.signal))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return { rows: kept.slice(0, AT_RISK_LIMIT), total: kept.length };
}
