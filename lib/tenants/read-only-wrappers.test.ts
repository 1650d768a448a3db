/*
 * The one place a read-only ISP's changes are refused: the action wrapper (executeAction) and the staff route wrapper
 * (staffRoute), from the context the session read fills (`writesBlocked`). Reads and read-only actions stay open.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { requireStaffContext } from "@/lib/auth/session";
import type { StaffContext } from "@/lib/auth/context";
import { executeAction, type ActionDefinition } from "@/lib/core/action";
import { staffRoute } from "@/lib/core/route";
import type { Db } from "@/lib/db/types";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

const message = "Your NetSphere account is read-only until the invoice NS-2026-000012 is paid. Pay it in Settings → NetSphere plan; everything else can still be viewed.";
const ctx = (writesBlocked: StaffContext["writesBlocked"]): StaffContext => ({
  db: {} as Db,
  userId: "user-1",
  userName: "Owner",
  email: "owner@isp.example",
  tenantId: "00000000-0000-4000-8000-000000000001",
  role: "owner",
  writesBlocked,
});

const saved: string[] = [];
const save: ActionDefinition<z.ZodObject<{ name: z.ZodString }>, string> = {
  name: "saveSomething",
  permission: "settings:write",
  input: z.object({ name: z.string() }),
  run: async (_ctx, { name }) => {
    saved.push(name);
    return name;
  },
};
const search: ActionDefinition<z.ZodObject<{ q: z.ZodString }>, string[]> = {
  name: "searchSomething",
  permission: "customers:view",
  changesData: false,
  input: z.object({ q: z.string() }),
  run: async () => ["found"],
};

const route = staffRoute("settings:write", async () => Response.json({ ok: true, changed: true }));
const request = (method: string) =>
  new Request("http://localhost:3000/api/something", {
    method,
    headers: method === "GET" ? {} : { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" },
  });

beforeEach(() => {
  saved.length = 0;
});

describe("a read-only ISP", () => {
  it("is refused every change through the action wrapper, with the banner's words, and nothing runs", async () => {
    await expect(executeAction(save, ctx({ message }), { name: "x" })).rejects.toMatchObject({ code: "forbidden", message, details: { readOnly: true } });
    expect(saved).toEqual([]);
  });

  it("still runs actions that only read", async () => {
    await expect(executeAction(search, ctx({ message }), { q: "ana" })).resolves.toEqual(["found"]);
  });

  it("is refused a POST, PUT, PATCH or DELETE through a staff route (403, the JSON error body), never a GET", async () => {
    vi.mocked(requireStaffContext).mockResolvedValue(ctx({ message }));
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await route(request(method), { params: Promise.resolve({}) });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ ok: false, code: "forbidden", message, details: { readOnly: true } });
    }
    expect((await route(request("GET"), { params: Promise.resolve({}) })).status).toBe(200);
  });

  it("in good standing, changes go through", async () => {
    vi.mocked(requireStaffContext).mockResolvedValue(ctx(null));
    await expect(executeAction(save, ctx(null), { name: "y" })).resolves.toBe("y");
    expect((await route(request("POST"), { params: Promise.resolve({}) })).status).toBe(200);
  });
});
