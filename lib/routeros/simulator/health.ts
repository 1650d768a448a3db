/*
 * `/system/health` and the load figures of `/system/resource`, with values a test (or the control endpoint) can pin:
 * `setHealth(sim, { temperature: 82, voltage: 23.1 })`, `setCpuLoad(sim, 95)`, `setMemoryUsage(sim, 92)`. Values not
 * pinned drift a little around about 45 °C and 24 V with the virtual clock, the same on every run.
 *
 * RouterOS 7 prints one row per sensor (`name`, `value`, `type`); RouterOS 6 prints one row with a property per sensor.
 * CHR/x86 has no sensors, so no rows. Which sensors a board has varies (a CCR2004 reports `cpu-temperature` and
 * `board-temperature1`, an RB4011 `temperature` and `voltage`); every simulated board reports all four (unverified).
 */
import { versionAtLeast, type HealthOverrides, type RouterState, type Row } from "./router-state";

type SimulatorLike = RouterState | { state: RouterState };

const stateOf = (sim: SimulatorLike): RouterState => ("state" in sim ? sim.state : sim);

/** A slow wave and a little noise, pure in (router, second), between about -1 and 1. */
function drift(state: RouterState, second: number, salt: number): number {
  let hash = 2166136261 ^ salt;
  for (const character of state.serialNumber) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619);
  const phase = ((hash >>> 0) % 1000) / 1000;
  const noise = Math.sin((second + 1) * 12.9898 + phase * 78.233) * 43758.5453;
  return 0.8 * Math.sin(2 * Math.PI * (second / 600 + phase)) + 0.4 * (noise - Math.floor(noise) - 0.5);
}

export type HealthReading = { temperature: number; cpuTemperature: number; boardTemperature: number; voltage: number };

/** The sensors' values at the router's current virtual second. */
export function healthReading(state: RouterState): HealthReading {
  const second = state.elapsedSeconds;
  const temperature = state.health.temperature ?? Math.round(45 + 1.5 * drift(state, second, 1));
  const cpuTemperature = state.health.cpuTemperature ?? Math.round((state.health.temperature ?? 45) + 8 + 1.5 * drift(state, second, 2));
  const voltage = state.health.voltage ?? Math.round((24 + 0.2 * drift(state, second, 3)) * 10) / 10;
  return { temperature, cpuTemperature, boardTemperature: temperature - 2, voltage };
}

export function healthRows(state: RouterState): Row[] {
  if (state.isChr) return [];
  const reading = healthReading(state);
  const voltage = reading.voltage.toFixed(1);
  if (!versionAtLeast(state, "7.0")) {
    return [{ id: "", props: { voltage, temperature: String(reading.temperature), "cpu-temperature": String(reading.cpuTemperature) } }];
  }
  // Sensor rows keep small fixed ids, as services do (ids only need to be unique per menu).
  const sensors: [string, string, string][] = [
    ["voltage", voltage, "V"],
    ["temperature", String(reading.temperature), "C"],
    ["cpu-temperature", String(reading.cpuTemperature), "C"],
    ["board-temperature1", String(reading.boardTemperature), "C"],
  ];
  return sensors.map(([name, value, type], index) => ({ id: `*${(index + 13).toString(16).toUpperCase()}`, props: { name, value, type } }));
}

/** `/system/resource` `cpu-load`: pinned, or a plausible load that moves with time and session count. */
export function cpuLoad(state: RouterState): number {
  return state.health.cpuLoad ?? 3 + ((state.elapsedSeconds + state.sessions.size * 5) % 17);
}

export const TOTAL_MEMORY = 1_073_741_824;

/** `/system/resource` `free-memory`: from the pinned share in use, or about a third used. */
export function freeMemory(state: RouterState): number {
  const pinned = state.health.memoryUsedPercent;
  if (pinned !== undefined) return Math.round(TOTAL_MEMORY * (1 - pinned / 100));
  return 700_000_000 - (state.sessions.size % 100) * 1_000_000;
}

export type HealthSettings = { temperature?: number | null; cpuTemperature?: number | null; voltage?: number | null };

/** Pins sensor values (null lets one drift again). */
export function setHealth(sim: SimulatorLike, settings: HealthSettings): void {
  pin(stateOf(sim).health, settings);
}

/** Pins `cpu-load` (0–100); null lets it move again. */
export function setCpuLoad(sim: SimulatorLike, percent: number | null): void {
  pin(stateOf(sim).health, { cpuLoad: percent === null ? null : clampPercent(percent) });
}

/** Pins the share of memory in use (0–100), which sets `free-memory`; null lets it move again. */
export function setMemoryUsage(sim: SimulatorLike, percent: number | null): void {
  pin(stateOf(sim).health, { memoryUsedPercent: percent === null ? null : clampPercent(percent) });
}

const clampPercent = (value: number) => Math.min(100, Math.max(0, Math.round(value)));

function pin(health: HealthOverrides, settings: { [Key in keyof HealthOverrides]?: number | null }): void {
  for (const [key, value] of Object.entries(settings) as [keyof HealthOverrides, number | null | undefined][]) {
    if (value === undefined) continue;
    if (value === null || !Number.isFinite(value)) delete health[key];
    else health[key] = value;
  }
}
