/**
 * First-load JavaScript per page of the production build, gzipped: the root main files every page loads plus the
 * client entries of the page's layouts and page (from each page's client reference manifest). Prints every route's
 * figure and exits non-zero when a page is over its budget: staff pages 200 kB; pages subscribers and
 * technicians open on phones (portal, pay links, /field, the suspended notice) 160 kB.
 *
 * Pages not yet at their goal are held at a recorded ceiling (tests/budget/ceilings.json, in bytes) so that none
 * grows while the work to reach the goal goes on: over its ceiling fails, and a page without a ceiling must meet the
 * goal. `--lower-ceilings` rewrites the file with today's figures where they went down (it never raises one; raising
 * a ceiling is an edit a reviewer sees).
 *
 * Run after `next build`: `npm run test:budget` (the end-to-end stage runs it after its build).
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const KB = 1000;
export const STAFF_BUDGET = 200 * KB;
export const PHONE_BUDGET = 160 * KB;

const phonePage = (route: string) => /^\/(portal|field|pay|suspended)(\/|$)/.test(route);
export const budgetOf = (route: string) => (phonePage(route) ? PHONE_BUDGET : STAFF_BUDGET);

type Manifest = { entryJSFiles?: Record<string, string[]> };

/** "/portal/(public)/sign-in/page" → "/portal/sign-in" */
export function routeOf(pageKey: string): string {
  const parts = pageKey
    .replace(/\/page$/, "")
    .split("/")
    .filter((part) => part && !/^\(.*\)$/.test(part));
  return `/${parts.join("/")}`;
}

function manifestsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...manifestsUnder(full));
    else if (entry.name === "page_client-reference-manifest.js") found.push(full);
  }
  return found;
}

function loadManifest(file: string): [string, Manifest] {
  const holder: { __RSC_MANIFEST?: Record<string, Manifest> } = {};
  new Function("globalThis", fs.readFileSync(file, "utf8"))(holder);
  const [[key, manifest]] = Object.entries(holder.__RSC_MANIFEST ?? {});
  return [key, manifest];
}

export function measure(buildDir: string) {
  const build = JSON.parse(fs.readFileSync(path.join(buildDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const gzipped = new Map<string, number>();
  const sizeOf = (file: string) => {
    if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(fs.readFileSync(path.join(buildDir, file)), { level: 9 }).length);
    return gzipped.get(file)!;
  };
  const floor = build.rootMainFiles.reduce((sum, file) => sum + sizeOf(file), 0);
  const pages = manifestsUnder(path.join(buildDir, "server", "app")).map((file) => {
    const [key, manifest] = loadManifest(file);
    const files = new Set(build.rootMainFiles);
    for (const list of Object.values(manifest.entryJSFiles ?? {})) for (const chunk of list) files.add(chunk.replace(/^\/_next\//, ""));
    const bytes = [...files].reduce((sum, chunk) => sum + sizeOf(chunk), 0);
    const route = routeOf(key);
    return { route, bytes, budget: budgetOf(route) };
  });
  // Route handlers and metadata routes have no page manifest; _not-found and the root page are pages like the rest.
  pages.sort((a, b) => a.route.localeCompare(b.route));
  return { floor, pages };
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;
const ceilingsFile = path.join(import.meta.dirname, "ceilings.json");

export type Verdict = "meets goal" | "under ceiling" | "OVER CEILING" | "OVER GOAL";

/** A page meets its goal, or stays under the ceiling recorded for it while it does not yet; anything else fails. */
export function verdictOf(bytes: number, goal: number, ceiling: number | undefined): Verdict {
  if (bytes <= goal) return "meets goal";
  if (ceiling === undefined) return "OVER GOAL";
  return bytes <= ceiling ? "under ceiling" : "OVER CEILING";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lower = process.argv.includes("--lower-ceilings");
  const buildDir = path.resolve(process.argv.slice(2).find((arg) => !arg.startsWith("--")) ?? ".next");
  const { floor, pages } = measure(buildDir);
  const ceilings: Record<string, number> = fs.existsSync(ceilingsFile) ? JSON.parse(fs.readFileSync(ceilingsFile, "utf8")) : {};
  console.log(`First-load JS, gzipped (framework and root main files: ${kb(floor)})`);
  const width = Math.max(...pages.map((page) => page.route.length));
  const failed: string[] = [];
  for (const page of pages) {
    const verdict = verdictOf(page.bytes, page.budget, ceilings[page.route]);
    if (verdict.startsWith("OVER")) failed.push(`${page.route} (${verdict.toLowerCase()})`);
    const limit = verdict === "meets goal" || ceilings[page.route] === undefined ? "" : `, ceiling ${kb(ceilings[page.route])}`;
    console.log(`${verdict.padEnd(13)}  ${page.route.padEnd(width)}  ${kb(page.bytes).padStart(9)}  (goal ${kb(page.budget)}${limit})`);
  }
  const sorted = pages.map((page) => page.bytes).sort((a, b) => a - b);
  const atGoal = pages.filter((page) => page.bytes <= page.budget).length;
  console.log(
    `${pages.length} pages, ${atGoal} at their goal; median ${kb(sorted[Math.floor(sorted.length / 2)])}; largest ${kb(sorted[sorted.length - 1])}`,
  );
  if (lower) {
    const next: Record<string, number> = {};
    for (const page of pages) {
      if (page.bytes <= page.budget) continue;
      const recorded = ceilings[page.route];
      // A kilobyte of room above today's figure, rounded: builds of the same code can differ by a few bytes.
      const room = Math.ceil(page.bytes / KB) * KB + KB;
      next[page.route] = recorded === undefined ? room : Math.min(recorded, room);
    }
    fs.writeFileSync(ceilingsFile, `${JSON.stringify(next, null, 2)}\n`);
    console.log(`Ceilings written for ${Object.keys(next).length} pages (never raised; a page at its goal needs none).`);
  } else if (failed.length) {
    console.error(`${failed.length} page(s) grew past their limit: ${failed.join(", ")}`);
    process.exit(1);
  }
}
