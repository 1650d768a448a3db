import type { RouterOsApi } from "@/lib/routeros/api";

export type RouterHealth = {
  identity: string;
  version: string;
  board: string;
  uptime: string;
  cpuLoadPercent: number;
  freeMemoryBytes: number;
  totalMemoryBytes: number;
};

/** Identity, RouterOS version, board, uptime, CPU and memory in three reads. */
export async function readHealth(client: RouterOsApi): Promise<RouterHealth> {
  const [identity, resource, board] = await Promise.all([
    client.write("/system/identity/print"),
    client.write("/system/resource/print"),
    // CHR and x86 have no routerboard menu (two traps): that is not an outage.
    client.write("/system/routerboard/print").catch(() => ({ rows: [] as Record<string, string>[] })),
  ]);
  const r = resource.rows[0] ?? {};
  return {
    identity: identity.rows[0]?.name ?? "",
    version: r.version ?? "",
    board: board.rows[0]?.model ?? r["board-name"] ?? "",
    uptime: r.uptime ?? "",
    cpuLoadPercent: Number(r["cpu-load"] ?? 0),
    freeMemoryBytes: Number(r["free-memory"] ?? 0),
    totalMemoryBytes: Number(r["total-memory"] ?? 0),
  };
}
