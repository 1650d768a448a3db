import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";

/** A few 256×256 PNGs standing in for map tiles: no test reaches a tile server. */
const tileDir = fileURLToPath(new URL("../../fixtures/tiles/", import.meta.url));
const tiles = ["land.png", "park.png", "town.png", "water.png"].map((name) => fs.readFileSync(path.join(tileDir, name)));

/**
 * Answers every OpenStreetMap tile request from the local fixture, and records any request for another host than
 * this machine that nothing answered (the test fails on it): the map page must need nothing from outside.
 */
export async function serveLocalTiles(page: Page): Promise<{ tilesServed: () => number; escaped: string[] }> {
  let served = 0;
  const escaped: string[] = [];
  await page.route("https://tile.openstreetmap.org/**", (route) => {
    const [x, y] = new URL(route.request().url()).pathname
      .split("/")
      .slice(2)
      .map((part) => parseInt(part, 10));
    served += 1;
    return route.fulfill({ status: 200, contentType: "image/png", body: tiles[((x || 0) + (y || 0)) % tiles.length] });
  });
  await page.route(
    (url) =>
      !["127.0.0.1", "localhost"].includes(url.hostname) &&
      url.hostname !== "tile.openstreetmap.org" &&
      url.protocol !== "data:" &&
      url.protocol !== "blob:",
    (route) => {
      escaped.push(route.request().url());
      return route.abort();
    },
  );
  return { tilesServed: () => served, escaped };
}
