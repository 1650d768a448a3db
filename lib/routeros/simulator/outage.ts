/*
 * A whole router going off and coming back, as the router state sees it (the server closes and reopens its
 * listeners around these): off, every PPPoE session and hotspot login drops, its neighbours lose it and it loses
 * them, and nothing dials in; back on, the configuration is as it was, the CPEs dial in again (redial and auto-dial),
 * and after a reboot `uptime` and the ports' counters start from zero.
 */
import { logoutHotspotSession } from "./hotspot";
import { accountingOn } from "./radius-accounting";
import { dropAccessSessions, rediscover } from "./topology";
import { currentTime, formatRouterDate, tableOf, zeroCounters, type RouterState } from "./router-state";

export function powerOff(state: RouterState): void {
  if (state.down) return;
  // Sessions end as the router goes down: their accounting Stop says NAS-Reboot (last-disconnect-reason stays lost-carrier).
  dropAccessSessions(state, "lost-carrier", "nas-reboot");
  for (const active of [...tableOf(state, "ip/hotspot/active")]) logoutHotspotSession(state, active.id);
  state.down = true;
  rediscover(state);
}

export function powerOn(state: RouterState, { reboot = false }: { reboot?: boolean } = {}): void {
  if (!state.down) return;
  state.down = false;
  rediscover(state);
  accountingOn(state);
  if (!reboot) return;
  state.bootedAtSecond = state.elapsedSeconds;
  const now = formatRouterDate(state, currentTime(state));
  for (const port of tableOf(state, "interface")) {
    Object.assign(port.props, zeroCounters(), { "link-downs": "0" });
    if (port.props.running === "true") port.props["last-link-up-time"] = now;
  }
}
