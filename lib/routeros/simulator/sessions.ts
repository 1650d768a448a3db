/*
 * The session model in one import for tests, the demo and other modules: PPPoE sessions (ppp-sessions.ts),
 * hotspot logins (hotspot.ts) and the virtual clock that moves them (clock.ts).
 */
export { connectSession, interfaceRates, kickSession, pppInterfaceName, type ConnectOptions, type ConnectResult } from "./ppp-sessions";
export { loginHotspotUser, logoutHotspotSession } from "./hotspot";
export { tick } from "./clock";
