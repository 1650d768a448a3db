import { describe, expect, it } from "vitest";
import { OSM_TILE_URL, tileOriginOf, tileSettingsProblem, tileSourceOf } from "@/lib/core/map-tiles";
import { readEnv } from "@/lib/core/env";

describe("tileSourceOf", () => {
  it("uses OpenStreetMap's standard tiles by default, credited and capped at zoom 19", () => {
    expect(tileSourceOf({})).toEqual({
      kind: "xyz",
      url: OSM_TILE_URL,
      attribution: "© OpenStreetMap contributors",
      attributionUrl: "https://www.openstreetmap.org/copyright",
      maxZoom: 19,
    });
    expect(tileOriginOf(tileSourceOf({}))).toBe("https://tile.openstreetmap.org");
  });

  it("takes another XYZ server with its own credit, and a self-hosted PMTiles archive before it", () => {
    const xyz = tileSourceOf({
      MAP_TILE_URL: "https://tiles.isp.example/{z}/{x}/{y}.png",
      MAP_TILE_ATTRIBUTION: "© Our maps",
      MAP_TILE_MAX_ZOOM: "18",
    });
    expect(xyz).toMatchObject({ kind: "xyz", attribution: "© Our maps", attributionUrl: null, maxZoom: 18 });
    expect(tileOriginOf(xyz)).toBe("https://tiles.isp.example");
    const pmtiles = tileSourceOf({
      MAP_PMTILES_URL: "https://files.isp.example/luzon.pmtiles",
      MAP_TILE_ATTRIBUTION: "© OpenStreetMap contributors",
    });
    expect(pmtiles).toMatchObject({ kind: "pmtiles", url: "https://files.isp.example/luzon.pmtiles" });
    expect(tileOriginOf(pmtiles)).toBe("https://files.isp.example");
    expect(tileOriginOf(tileSourceOf({ MAP_PMTILES_URL: "/maps/luzon.pmtiles", MAP_TILE_ATTRIBUTION: "© OSM" }))).toBeNull();
  });

  it.each([
    [{ MAP_TILE_URL: "http://tiles.example/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION: "x" }, "MAP_TILE_URL must use https"],
    [{ MAP_TILE_URL: "https://tiles.example/{z}/{x}.png", MAP_TILE_ATTRIBUTION: "x" }, "MAP_TILE_URL must contain {z}, {x} and {y}"],
    [{ MAP_TILE_URL: "https://tiles.example/{z}/{x}/{y}.png" }, "MAP_TILE_ATTRIBUTION is required with MAP_TILE_URL: credit the map data's source"],
    [{ MAP_PMTILES_URL: "https://files.example/a.pmtiles" }, "MAP_TILE_ATTRIBUTION is required with MAP_PMTILES_URL: credit the map data's source"],
    [{ MAP_PMTILES_URL: "//files.example/a.pmtiles", MAP_TILE_ATTRIBUTION: "x" }, "MAP_PMTILES_URL must be an https URL or a path on this site"],
    [{ MAP_TILE_MAX_ZOOM: "20" }, "OpenStreetMap's tiles go to zoom 19 at most"],
    [{ MAP_TILE_MAX_ZOOM: "many" }, "MAP_TILE_MAX_ZOOM must be a whole number from 1 to 22"],
  ])("refuses %j: %s", (vars, problem) => {
    expect(tileSettingsProblem(vars)).toBe(problem);
  });

  it("stops the server at start-up when the map settings are unusable", () => {
    const secrets = { ENCRYPTION_SECRET: "e".repeat(40), BETTER_AUTH_SECRET: "a".repeat(40) };
    expect(() => readEnv({ ...secrets, MAP_TILE_URL: "http://tiles.example/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION: "x" })).toThrow(/must use https/);
    expect(readEnv(secrets).MAP_TILE_URL).toBeUndefined();
  });
});
