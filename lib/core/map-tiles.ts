/*
 * Where the network map's background tiles come from, read from the environment: OpenStreetMap's standard tiles
 * by default (with their attribution, at most zoom 19, as their tile usage policy asks), any XYZ tile server
 * (`MAP_TILE_URL`), or a self-hosted raster PMTiles archive (`MAP_PMTILES_URL`). The page's CSP lets images and
 * fetches reach only the one origin this names (lib/core/security-headers.ts).
 */

export const OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const OSM_ATTRIBUTION = "© OpenStreetMap contributors";
const OSM_COPYRIGHT = "https://www.openstreetmap.org/copyright";

export type TileSource = { kind: "xyz" | "pmtiles"; url: string; attribution: string; attributionUrl: string | null; maxZoom: number };
type TileVars = { [K in "MAP_TILE_URL" | "MAP_PMTILES_URL" | "MAP_TILE_ATTRIBUTION" | "MAP_TILE_MAX_ZOOM"]?: string | undefined };

/** An https URL (or a path on our own origin, e.g. a PMTiles file under /public); http only to this machine. */
function urlProblem(value: string, name: string): string | null {
  if (value.startsWith("/") && !value.startsWith("//")) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name} must be an https URL or a path on this site`;
  }
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return `${name} must use https`;
  return null;
}

/** What is wrong with the map settings, in words, or null. Checked at start-up (lib/core/env.ts). */
export function tileSettingsProblem(vars: TileVars): string | null {
  try {
    tileSourceOf(vars);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The tile source the environment names; throws with a plain message when a setting is not usable. */
export function tileSourceOf(vars: TileVars): TileSource {
  const maxZoomText = vars.MAP_TILE_MAX_ZOOM?.trim() || "19";
  const maxZoom = Number(maxZoomText);
  if (!Number.isInteger(maxZoom) || maxZoom < 1 || maxZoom > 22) throw new Error("MAP_TILE_MAX_ZOOM must be a whole number from 1 to 22");
  const pmtiles = vars.MAP_PMTILES_URL?.trim();
  const template = vars.MAP_TILE_URL?.trim() || OSM_TILE_URL;
  const own = vars.MAP_TILE_ATTRIBUTION?.trim();
  if (pmtiles) {
    const problem = urlProblem(pmtiles, "MAP_PMTILES_URL");
    if (problem) throw new Error(problem);
    if (!own) throw new Error("MAP_TILE_ATTRIBUTION is required with MAP_PMTILES_URL: credit the map data's source");
    return { kind: "pmtiles", url: pmtiles, attribution: own, attributionUrl: null, maxZoom };
  }
  const problem = urlProblem(template, "MAP_TILE_URL");
  if (problem) throw new Error(problem);
  if (!["{z}", "{x}", "{y}"].every((part) => template.includes(part))) throw new Error("MAP_TILE_URL must contain {z}, {x} and {y}");
  const osm = template === OSM_TILE_URL;
  if (osm && maxZoom > 19) throw new Error("OpenStreetMap's tiles go to zoom 19 at most");
  if (!osm && !own) throw new Error("MAP_TILE_ATTRIBUTION is required with MAP_TILE_URL: credit the map data's source");
  return { kind: "xyz", url: template, attribution: own || OSM_ATTRIBUTION, attributionUrl: osm ? OSM_COPYRIGHT : null, maxZoom };
}

/** The origin tiles are fetched from, for the CSP; null when they come from our own origin. */
export function tileOriginOf(source: Pick<TileSource, "url">): string | null {
  if (source.url.startsWith("/")) return null;
  const { origin } = new URL(source.url.replace(/\{[a-z]\}/g, "0"));
  return origin;
}

/** The configured source, or the default when the settings are unusable (start-up has already said why). */
export function configuredTileSource(vars: TileVars = process.env as TileVars): TileSource {
  try {
    return tileSourceOf(vars);
  } catch {
    return tileSourceOf({});
  }
}
