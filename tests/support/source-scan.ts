/*
 * Reading the source tree for the boundary tests (lib/core imports no domain; each table has one owner; no
 * server module in a client bundle): which files there are and what each imports. A plain text scan, not a
 * compiler: imports are written one way in this code base (`import { a, type B } from "@/lib/x/y"`, relative
 * paths inside a domain).
 */
import fs from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Every .ts/.tsx file under `dir` (relative to the repository root, with forward slashes). */
export function sourceFiles(dir: string, { tests = false } = {}): string[] {
  const walk = (abs: string): string[] =>
    fs.readdirSync(abs, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : walk(full);
      if (!/\.tsx?$/.test(entry.name) || entry.name.endsWith(".d.ts")) return [];
      if (!tests && /\.test\.tsx?$/.test(entry.name)) return [];
      return [path.relative(repoRoot, full).split(path.sep).join("/")];
    });
  const abs = path.join(repoRoot, dir);
  return fs.existsSync(abs) ? walk(abs).sort() : [];
}

export const readSource = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");

/** The module a specifier names, relative to the root and without extension (`lib/tenants/schema`), or null for packages. */
export function resolveSpecifier(fromFile: string, specifier: string): string | null {
  let target: string;
  if (specifier.startsWith("@/")) target = specifier.slice(2);
  else if (specifier.startsWith(".")) target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  else return null;
  target = target.replace(/\.(tsx?|js)$/, "");
  // `@/lib/db` is lib/db/index.ts.
  if (fs.existsSync(path.join(repoRoot, target, "index.ts"))) target = `${target}/index`;
  return target;
}

/** The lib/ folder (domain) a file or module belongs to: `lib/billing/documents/x` → `billing`; null outside lib/. */
export const libFolderOf = (file: string): string | null => (file.startsWith("lib/") ? file.split("/")[1] : null);

export type ImportedName = { name: string; local: string; typeOnly: boolean };
/** `dynamic`: an `import("…")`, whose module is fetched when it runs rather than with the importing module. */
export type ImportStatement = { module: string; specifier: string; names: ImportedName[]; typeOnly: boolean; dynamic: boolean; line: number };

const importPattern = /\b(?:import|export)\s+(type\s+)?(?:([\w$*\s{},]*?)\s+from\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The names a clause binds: `a, { b, type C as D }` → a default binding and the braced names. */
function namesOf(clause: string, typeOnly: boolean): ImportedName[] {
  const braces = /\{([^}]*)\}/.exec(clause);
  const names = (braces?.[1] ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const partType = part.startsWith("type ");
      const [name, local] = part.replace(/^type\s+/, "").split(/\s+as\s+/);
      return { name, local: local ?? name, typeOnly: typeOnly || partType };
    });
  // `import a, { type B }` binds a value even when every braced name is a type.
  const defaultBinding = /^\s*([\w$]+)\s*(?:,|$)/.exec(clause)?.[1];
  return defaultBinding ? [{ name: "default", local: defaultBinding, typeOnly }, ...names] : names;
}

/**
 * Every static and dynamic import and re-export of a project module in `source`. Named imports carry their
 * names, a default import is named `default`; `import * as`, side-effect imports and `export * from` carry none.
 */
export function importsOf(file: string, source: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const match of source.matchAll(importPattern)) {
    const specifier = match[3] ?? match[4];
    const target = resolveSpecifier(file, specifier);
    if (!target) continue;
    const typeOnly = Boolean(match[1]);
    found.push({
      module: target,
      specifier,
      names: namesOf(match[2] ?? "", typeOnly),
      typeOnly,
      dynamic: match[4] !== undefined,
      line: source.slice(0, match.index).split("\n").length,
    });
  }
  return found;
}

export type PackageImport = { specifier: string; typeOnly: boolean; dynamic: boolean; line: number };

/** Every import and re-export of an npm package (or `node:` builtin) in `source`, `import type` marked. */
export function packageImportsOf(file: string, source: string): PackageImport[] {
  const found: PackageImport[] = [];
  for (const match of source.matchAll(importPattern)) {
    const specifier = match[3] ?? match[4];
    if (resolveSpecifier(file, specifier)) continue;
    const names = namesOf(match[2] ?? "", Boolean(match[1]));
    const typeOnly = Boolean(match[1]) || (names.length > 0 && names.every((n) => n.typeOnly));
    found.push({ specifier, typeOnly, dynamic: match[4] !== undefined, line: source.slice(0, match.index).split("\n").length });
  }
  return found;
}
