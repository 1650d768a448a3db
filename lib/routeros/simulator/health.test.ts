import { describe, expect, it } from "vitest";
import { tick } from "./clock";
import { dispatch } from "./dispatch";
import { setCpuLoad, setHealth, setMemoryUsage } from "./health";
import { createRouterState, type RouterState } from "./router-state";

const rows = (state: RouterState, command: string, attributes: Record<string, string> = {}, queries: string[] = []) =>
  dispatch(state, { command, attributes, api: {}, queries })
    .filter((reply) => reply.type === "!re")
    .map((reply) => reply.attributes);

describe("/system/health", () => {
  it("prints one row per sensor on RouterOS 7, about 45 C and 24 V", () => {
    const state = createRouterState({ version: "7.19.2" });
    const sensors = rows(state, "/system/health/print");
    expect(sensors.map((row) => [row.name, row.type])).toEqual([
      ["voltage", "V"],
      ["temperature", "C"],
      ["cpu-temperature", "C"],
      ["board-temperature1", "C"],
    ]);
    for (const row of sensors) expect(row[".id"]).toMatch(/^\*[0-9A-F]+$/);
    const value = (name: string) => Number(sensors.find((row) => row.name === name)?.value);
    expect(value("temperature")).toBeGreaterThanOrEqual(43);
    expect(value("temperature")).toBeLessThanOrEqual(47);
    expect(value("voltage")).toBeGreaterThan(23.5);
    expect(value("voltage")).toBeLessThan(24.5);
    expect(sensors.find((row) => row.name === "voltage")?.value).toMatch(/^\d+\.\d$/);
    expect(rows(state, "/system/health/print", { ".proplist": "value" }, ["?name=temperature"])).toHaveLength(1);
  });

  it("prints one row with a property per sensor on RouterOS 6", () => {
    const [row] = rows(createRouterState({ version: "6.49.10" }), "/system/health/print");
    expect(Object.keys(row).sort()).toEqual(["cpu-temperature", "temperature", "voltage"]);
    expect(Number(row.temperature)).toBeGreaterThan(40);
  });

  it("has no sensors on CHR", () => {
    const state = createRouterState({ isChr: true });
    expect(dispatch(state, { command: "/system/health/print", attributes: {}, api: {}, queries: [] }).map((reply) => reply.type)).toEqual([
      "!empty",
      "!done",
    ]);
  });

  it("drifts a little with the clock, the same on every run, and holds values a test pins", () => {
    const readings = () => {
      const state = createRouterState({ serialNumber: "HE4TEST0001" });
      return Array.from({ length: 40 }, () => {
        tick(state, 30);
        return Number(rows(state, "/system/health/print", {}, ["?name=temperature"])[0].value);
      });
    };
    const first = readings();
    expect(readings()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(Math.max(...first) - Math.min(...first)).toBeLessThanOrEqual(5);

    const state = createRouterState({ version: "7.19.2" });
    setHealth(state, { temperature: 82, voltage: 23.1 });
    tick(state, 300);
    const value = (name: string) => rows(state, "/system/health/print", {}, [`?name=${name}`])[0].value;
    expect([value("temperature"), value("voltage")]).toEqual(["82", "23.1"]);
    expect(Number(value("cpu-temperature"))).toBeGreaterThan(82);
    setHealth(state, { temperature: null });
    expect(Number(value("temperature"))).toBeLessThan(50);
    expect(value("voltage")).toBe("23.1");
  });
});

describe("/system/resource load", () => {
  it("reports a pinned cpu-load and memory use until they are released", () => {
    const state = createRouterState();
    setCpuLoad(state, 97);
    setMemoryUsage(state, 90);
    tick(state, 7);
    const [resource] = rows(state, "/system/resource/print", { ".proplist": "cpu-load,free-memory,total-memory" });
    expect(resource["cpu-load"]).toBe("97");
    expect(Number(resource["free-memory"]) / Number(resource["total-memory"])).toBeCloseTo(0.1, 5);
    setCpuLoad(state, null);
    expect(Number(rows(state, "/system/resource/print")[0]["cpu-load"])).toBeLessThan(25);
    setCpuLoad(state, 250);
    expect(rows(state, "/system/resource/print")[0]["cpu-load"]).toBe("100");
  });
});
