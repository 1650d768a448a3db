import { describe, expect, it } from "vitest";
import { importsOf, libFolderOf, readSource, sourceFiles } from "@/tests/support/source-scan";

/*
 * lib/core holds what several domains need (calendar dates, time zones, URL checks, colour contrast, money,
 * errors, the clock), so it must not depend on any of them: a domain import here would make every domain
 * depend on that one. The one infrastructure it may name is the database handle's *type* (`import type`
 * from lib/db/types): erased at build time, it carries no code and no table of any domain.
 */
const allowedInfrastructure = (module: string, typeOnly: boolean) => typeOnly && module === "lib/db/types";

/**
 * Imports still waiting to leave lib/core, each with why. The staff action and route wrappers bind lib/auth's
 * session and permission table; they belong in lib/auth, a move that touches the import line of every action
 * and route. The list only shrinks: an entry that no longer occurs fails the test until it is removed.
 */
const pending: Record<string, string> = {
  "lib/core/action.ts → lib/auth/permissions": "executeAction checks `can(role, permission)`",
  "lib/core/action.ts → lib/auth/context": "the StaffContext type of an action's run",
  "lib/core/route.ts → lib/auth/session": "staffRoute reads the staff session",
  "lib/core/route.ts → lib/auth/permissions": "staffRoute checks the permission",
  "lib/core/route.ts → lib/auth/context": "the StaffContext type of a route handler",
  "lib/core/server-action.ts → lib/auth/session": "defineStaffAction and definePlatformAction read the staff session",
  "lib/core/server-action.ts → lib/db/index": "definePlatformAction opens the database for operator actions",
};

function domainImports() {
  const found: string[] = [];
  for (const file of sourceFiles("lib/core", { tests: true })) {
    for (const statement of importsOf(file, readSource(file))) {
      const folder = libFolderOf(statement.module);
      if (!folder || folder === "core") continue;
      const typeOnly = statement.typeOnly || (statement.names.length > 0 && statement.names.every((n) => n.typeOnly));
      if (allowedInfrastructure(statement.module, typeOnly)) continue;
      found.push(`${file} → ${statement.module}`);
    }
  }
  return [...new Set(found)].sort();
}

describe("lib/core imports no domain", () => {
  it("finds lib/core's files and reads their imports", () => {
    const files = sourceFiles("lib/core");
    expect(files).toContain("lib/core/calendar.ts");
    expect(importsOf("lib/core/calendar.ts", readSource("lib/core/calendar.ts")).map((i) => i.module)).toContain("lib/core/clock");
  });

  it("no file in lib/core imports from another lib/ folder, apart from the listed pending moves", () => {
    expect(domainImports().filter((entry) => !(entry in pending))).toEqual([]);
  });

  it("every pending move still occurs (remove an entry once its import is gone)", () => {
    const found = new Set(domainImports());
    expect(Object.keys(pending).filter((entry) => !found.has(entry))).toEqual([]);
  });
});
