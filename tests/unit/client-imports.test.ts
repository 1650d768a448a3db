import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, packageImportsOf, readSource, repoRoot, sourceFiles } from "@/tests/support/source-scan";

/*
 * What a "use client" file imports is shipped to every browser, phones included. A Drizzle schema module drags
 * drizzle-orm and every table of its domain along for an enum list; lib/db, a "server-only" module or a server
 * package (database driver, logger, mailer, PDF writer, payment SDK) either breaks the build or leaks server code.
 * Client code takes shared constants from the domain's values.ts instead. Type-only imports are erased and so
 * allowed; an `import()` counts, as its chunk is shipped too; a "use server" module reaches the browser only as
 * references to its actions, so the walk stops there.
 *
 * zod (~31 kB gzipped) may reach the browser only through an `import()`: forms load their schema on demand
 * (useActionForm's `loadSchema`), so a "use client" file reaching zod through static imports puts it in the page's
 * first load. Client code takes labels, option lists and formatting helpers from the domain's zod-free values.ts.
 */
const serverPackages = ["drizzle-orm", "pg", "pino", "nodemailer", "pdfkit", "stripe"];
/** better-auth's bare entry is the server; better-auth/react and better-auth/client/plugins are its client. */
const serverPackageEntries = ["better-auth"];

const isServerPackage = (specifier: string) =>
  serverPackageEntries.includes(specifier) || serverPackages.some((name) => specifier === name || specifier.startsWith(`${name}/`));

/** Why a project file must stay out of client bundles, or null when it may be shipped. */
function serverReason(file: string, source: string): string | null {
  if (/^lib\/(.+\/)?schema\.ts$/.test(file)) return "Drizzle schema";
  if (file.startsWith("lib/db/")) return "database module";
  if (packageImportsOf(file, source).some((i) => i.specifier === "server-only")) return 'imports "server-only"';
  return null;
}

const leadingComments = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;
const directiveOf = (source: string) => /^["'](use client|use server)["']/.exec(source.replace(leadingComments, ""))?.[1] ?? null;

/** The source file a resolved module names (`lib/routers/values` → `lib/routers/values.ts`), or null for assets. */
function fileOf(module: string): string | null {
  const candidates = [`${module}.ts`, `${module}.tsx`, `${module}/index.ts`, `${module}/index.tsx`];
  return candidates.find((candidate) => fs.existsSync(path.join(repoRoot, candidate))) ?? null;
}

const sources = new Map<string, string>();
const sourceOf = (file: string) => sources.get(file) ?? sources.set(file, readSource(file)).get(file)!;

/** The project files and packages `file` imports for their values; with `staticOnly`, leaving out `import()`. */
function valueImportsOf(file: string, { staticOnly = false } = {}) {
  const source = sourceOf(file);
  const files = importsOf(file, source)
    .filter((i) => !i.typeOnly && !(i.names.length > 0 && i.names.every((n) => n.typeOnly)))
    .filter((i) => !(staticOnly && i.dynamic))
    .map((i) => fileOf(i.module))
    .filter((f): f is string => f !== null);
  const packages = packageImportsOf(file, source)
    .filter((i) => !i.typeOnly && !(staticOnly && i.dynamic))
    .map((i) => i.specifier);
  return { files: [...new Set(files)], packages: [...new Set(packages)] };
}

const isZod = (specifier: string) => specifier === "zod" || specifier.startsWith("zod/");

/**
 * Walks the value imports from `entry` breadth-first (never into a "use server" module: only references to its actions
 * reach the browser). `visit` sees each file's packages and each newly reached file with the shortest chain to it, and
 * returns what it found there; a file it reports is not walked further.
 */
function walkImports(
  entry: string,
  options: { staticOnly?: boolean },
  visit: { packages: (specifier: string, chain: string[]) => string | null; file?: (file: string, chain: string[]) => string | null },
): string[] {
  const found: string[] = [];
  const via = new Map<string, string | null>([[entry, null]]);
  const chainTo = (file: string): string[] => {
    const parent = via.get(file);
    return parent ? [...chainTo(parent), file] : [file];
  };
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const { files, packages } = valueImportsOf(file, options);
    for (const specifier of packages) {
      const finding = visit.packages(specifier, chainTo(file));
      if (finding) found.push(finding);
    }
    for (const next of files) {
      if (via.has(next)) continue;
      via.set(next, file);
      const finding = visit.file?.(next, chainTo(next)) ?? null;
      if (finding) found.push(finding);
      else if (directiveOf(sourceOf(next)) !== "use server") queue.push(next);
    }
  }
  return found;
}

/** Each server module `entry` reaches through value imports, as `entry → … → module (why)`, by the shortest path. */
const serverModulesReachedFrom = (entry: string) =>
  walkImports(
    entry,
    {},
    {
      packages: (specifier, chain) => (isServerPackage(specifier) ? [...chain, `${specifier} (server package)`].join(" → ") : null),
      file: (file, chain) => {
        const reason = serverReason(file, sourceOf(file));
        return reason ? `${chain.join(" → ")} (${reason})` : null;
      },
    },
  );

/** Each module importing zod that `entry` reaches through static value imports, as `entry → … → module → zod`. */
const zodReachedStaticallyFrom = (entry: string) =>
  walkImports(entry, { staticOnly: true }, { packages: (specifier, chain) => (isZod(specifier) ? [...chain, specifier].join(" → ") : null) });

const projectFiles = ["app", "components", "lib"].flatMap((dir) => sourceFiles(dir));
const clientFiles = projectFiles.filter((file) => directiveOf(sourceOf(file)) === "use client");

/** How each project file is imported for its values: `static` once any importer names it in a plain import. */
const importKinds = new Map<string, Set<"static" | "dynamic">>();
for (const file of projectFiles) {
  for (const i of importsOf(file, sourceOf(file))) {
    const target = fileOf(i.module);
    if (!target || i.typeOnly || (i.names.length > 0 && i.names.every((n) => n.typeOnly))) continue;
    importKinds.set(target, (importKinds.get(target) ?? new Set()).add(i.dynamic ? "dynamic" : "static"));
  }
}
/** A client module only ever fetched by `import()` (e.g. the form resolver) is its own chunk, not part of a first load. */
const loadedOnDemand = (file: string) => importKinds.get(file)?.has("dynamic") === true && !importKinds.get(file)!.has("static");

describe("client bundles", () => {
  it("are found, and the walk sees what a server module reaches", () => {
    expect(clientFiles).toEqual(expect.arrayContaining(["components/routers/router-form.tsx", "lib/auth/client.ts"]));
    expect(serverModulesReachedFrom("lib/routers/service.ts")).toEqual(
      expect.arrayContaining([
        "lib/routers/service.ts → lib/routers/schema.ts (Drizzle schema)",
        "lib/routers/service.ts → drizzle-orm (server package)",
      ]),
    );
    expect(serverModulesReachedFrom("lib/core/route.ts")).toContain('lib/core/route.ts → lib/auth/session.ts (imports "server-only")');
  });

  it("hold no Drizzle schema, lib/db, server-only module or server package", () => {
    expect(clientFiles.flatMap(serverModulesReachedFrom)).toEqual([]);
  });

  it("are told a static zod import from a dynamic one", () => {
    expect(zodReachedStaticallyFrom("lib/core/zod-browser.ts")).toEqual(["lib/core/zod-browser.ts → zod"]);
    expect(zodReachedStaticallyFrom("components/forms/schema-resolver.ts")).toEqual([
      "components/forms/schema-resolver.ts → lib/core/zod-browser.ts → zod",
    ]);
    expect(zodReachedStaticallyFrom("components/forms/use-action-form.ts")).toEqual([]);
    expect(loadedOnDemand("components/forms/schema-resolver.ts")).toBe(true);
    expect(loadedOnDemand("components/forms/use-action-form.ts")).toBe(false);
  });

  it("reach zod only through import(), so no page's first load carries it", () => {
    expect(clientFiles.filter((file) => !loadedOnDemand(file)).flatMap(zodReachedStaticallyFrom)).toEqual([]);
  });
});
