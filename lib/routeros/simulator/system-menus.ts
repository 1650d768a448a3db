/*
 * `/system/resource`, `/system/identity`, `/system/routerboard` and `/system/license` are single computed rows (no `.id`),
 * built from the router's version, board and virtual clock at print time; `/system/health` is in health.ts.
 */
import { cpuLoad, freeMemory, healthRows, TOTAL_MEMORY } from "./health";
import { currentTime, formatDuration, formatRouterDate, versionAtLeast, type RouterState, type Row } from "./router-state";

export function systemRows(state: RouterState, path: string): Row[] {
  if (path === "system/health") return healthRows(state);
  if (path === "system/identity") return [{ id: "", props: { name: state.identity } }];
  // CHR shows its level and software id; a RouterBOARD shows its software id and licence level too.
  if (path === "system/license")
    return [{ id: "", props: { "software-id": state.softwareId, ...(state.isChr ? { level: "free" } : { nlevel: "6" }) } }];
  if (path === "system/routerboard") {
    return [
      {
        id: "",
        props: {
          routerboard: "true",
          model: state.boardName,
          "serial-number": state.serialNumber,
          "firmware-type": "al2",
          "factory-firmware": "6.45.9",
          "current-firmware": state.version,
          "upgrade-firmware": state.version,
        },
      },
    ];
  }
  // The release channel suffix differs by major version, as on real routers.
  const channel = versionAtLeast(state, "7.0") ? "stable" : "long-term";
  const buildTime = new Date(state.bootTime.getTime() - 90 * 86_400_000);
  return [
    {
      id: "",
      props: {
        uptime: formatDuration(state.elapsedSeconds - state.bootedAtSecond),
        version: `${state.version} (${channel})`,
        "build-time": formatRouterDate(state, buildTime),
        "free-memory": String(freeMemory(state)),
        "total-memory": String(TOTAL_MEMORY),
        cpu: state.isChr ? "Intel(R)" : "ARMv7",
        "cpu-count": state.isChr ? "2" : "4",
        "cpu-frequency": "1400",
        "cpu-load": String(cpuLoad(state)),
        "free-hdd-space": "400000000",
        "total-hdd-space": "536870912",
        "architecture-name": state.isChr ? "x86_64" : "arm",
        "board-name": state.boardName,
        platform: "MikroTik",
        "current-time": formatRouterDate(state, currentTime(state)),
      },
    },
  ];
}
