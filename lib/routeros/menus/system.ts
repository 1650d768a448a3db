/*
 * `/system/resource`, `/system/identity`, `/system/routerboard` and the health read that combines them.
 * CHR and x86 have no routerboard menu (a double trap, §1.4): that reads as "no board", not as an outage.
 */
import type { RouterOsApi } from "../api";
import { RouterOsError } from "../errors";
import { date, duration, flag, integer, key, ro, text, type RowOf } from "./fields";
import { isMissingMenu, readOnlyMenu } from "./menu";

const resourceFields = {
  uptime: key("uptime", duration),
  /** `7.16.1 (stable)`; read it with parseVersion (values.ts). */
  version: key("version", text),
  buildTime: ro("build-time", date),
  cpu: ro("cpu", text),
  cpuCount: ro("cpu-count", integer),
  cpuFrequency: ro("cpu-frequency", integer),
  /** Percent. */
  cpuLoad: ro("cpu-load", integer),
  freeMemory: ro("free-memory", integer),
  totalMemory: ro("total-memory", integer),
  freeHddSpace: ro("free-hdd-space", integer),
  totalHddSpace: ro("total-hdd-space", integer),
  architectureName: ro("architecture-name", text),
  boardName: ro("board-name", text),
  platform: ro("platform", text),
};
export type SystemResource = RowOf<typeof resourceFields>;
export const systemResource = readOnlyMenu("/system/resource", resourceFields);

const identityFields = { name: key("name", text) };
export type SystemIdentity = RowOf<typeof identityFields>;
export const systemIdentity = readOnlyMenu("/system/identity", identityFields);

const routerboardFields = {
  routerboard: ro("routerboard", flag),
  model: ro("model", text),
  serialNumber: ro("serial-number", text),
  firmwareType: ro("firmware-type", text),
  factoryFirmware: ro("factory-firmware", text),
  currentFirmware: ro("current-firmware", text),
  upgradeFirmware: ro("upgrade-firmware", text),
};
export type Routerboard = RowOf<typeof routerboardFields>;
export const systemRouterboard = readOnlyMenu("/system/routerboard", routerboardFields);

/** The board, or null on CHR/x86 where the menu doesn't exist. */
export async function readRouterboard(api: RouterOsApi): Promise<Routerboard | null> {
  try {
    return (await systemRouterboard.print(api))[0] ?? null;
  } catch (error) {
    if (isMissingMenu(error)) return null;
    throw error;
  }
}

export type SystemHealth = { identity: string; resource: SystemResource; routerboard: Routerboard | null };

/** Identity, resource and board in parallel over the one connection. */
export async function systemHealth(api: RouterOsApi): Promise<SystemHealth> {
  const [identities, resources, routerboard] = await Promise.all([systemIdentity.print(api), systemResource.print(api), readRouterboard(api)]);
  const resource = resources[0];
  if (!resource) throw new RouterOsError("protocol", "/system/resource/print returned no row");
  return { identity: identities[0]?.name ?? "", resource, routerboard };
}
