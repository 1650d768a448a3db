import { describe, expect, it } from "vitest";
import type { BetterAuthOptions, DBAdapter, Where } from "better-auth";
import { sessionTokenHash, withHashedSessionTokens } from "@/lib/auth/hashed-sessions";
import { sha256 } from "@/lib/core/crypto";

type Row = Record<string, unknown>;

/** An in-memory adapter: what the wrapper hands it is exactly what a database would store. */
function memoryAdapter() {
  const tables: Record<string, Row[]> = {};
  const rows = (model: string) => (tables[model] ??= []);
  const matches = (row: Row, where: Where[] = []) =>
    where.every((w) => (w.operator === "in" ? (w.value as unknown[]).includes(row[w.field]) : row[w.field] === w.value));
  const adapter = {
    id: "memory",
    create: async ({ model, data }: { model: string; data: Row }) => {
      const row = { id: `${model}-${rows(model).length + 1}`, ...data };
      rows(model).push(row);
      return { ...row };
    },
    findOne: async ({ model, where }: { model: string; where: Where[] }) => rows(model).find((r) => matches(r, where)) ?? null,
    findMany: async ({ model, where }: { model: string; where?: Where[] }) => rows(model).filter((r) => matches(r, where)),
    count: async ({ model, where }: { model: string; where?: Where[] }) => rows(model).filter((r) => matches(r, where)).length,
    update: async ({ model, where, update }: { model: string; where: Where[]; update: Row }) => {
      const row = rows(model).find((r) => matches(r, where));
      return row ? Object.assign(row, update) : null;
    },
    updateMany: async () => 0,
    delete: async ({ model, where }: { model: string; where: Where[] }) => {
      tables[model] = rows(model).filter((r) => !matches(r, where));
    },
    deleteMany: async ({ model, where }: { model: string; where: Where[] }) => {
      const before = rows(model).length;
      tables[model] = rows(model).filter((r) => !matches(r, where));
      return before - rows(model).length;
    },
    consumeOne: async () => null,
    incrementOne: async () => null,
    transaction: async <R>(callback: (trx: unknown) => Promise<R>) => callback(adapter),
  };
  const wrapped = withHashedSessionTokens(() => adapter as unknown as DBAdapter)({} as BetterAuthOptions);
  return { adapter: wrapped, stored: (model: string) => rows(model) };
}

const byToken = (token: string): Where[] => [{ field: "token", value: token }];

describe("session tokens stored as hashes", () => {
  it("stores the sha256 of a new session's token and hands the token itself back (the cookie is set from it)", async () => {
    const { adapter, stored } = memoryAdapter();
    const created = await adapter.create<Row>({ model: "session", data: { token: "clear-token-1", userId: "u1" } });
    expect(created.token).toBe("clear-token-1");
    expect(stored("session")).toEqual([expect.objectContaining({ token: sha256("clear-token-1"), userId: "u1" })]);
    expect(sessionTokenHash("clear-token-1")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("finds, updates and deletes by the token, never by the stored hash", async () => {
    const { adapter, stored } = memoryAdapter();
    await adapter.create({ model: "session", data: { token: "clear-token-1", userId: "u1" } });
    expect(await adapter.findOne<Row>({ model: "session", where: byToken("clear-token-1") })).toMatchObject({ token: "clear-token-1" });
    expect(await adapter.findOne({ model: "session", where: byToken(sha256("clear-token-1")) })).toBeNull();
    expect(await adapter.update<Row>({ model: "session", where: byToken("clear-token-1"), update: { userAgent: "phone" } })).toMatchObject({
      token: "clear-token-1",
      userAgent: "phone",
    });
    expect(await adapter.count({ model: "session", where: byToken("clear-token-1") })).toBe(1);
    await adapter.delete({ model: "session", where: byToken(sha256("clear-token-1")) });
    expect(stored("session")).toHaveLength(1);
    await adapter.delete({ model: "session", where: byToken("clear-token-1") });
    expect(stored("session")).toEqual([]);
  });

  it("looks up several tokens at once and gives each row its token; rows found otherwise keep the hash", async () => {
    const { adapter } = memoryAdapter();
    for (const token of ["t-1", "t-2", "t-3"]) await adapter.create({ model: "session", data: { token, userId: "u1" } });
    const some = await adapter.findMany<Row>({ model: "session", where: [{ field: "token", operator: "in", value: ["t-1", "t-3"] }] });
    expect(some.map((r) => r.token).sort()).toEqual(["t-1", "t-3"]);
    const all = await adapter.findMany<Row>({ model: "session", where: [{ field: "userId", value: "u1" }] });
    expect(all.map((r) => r.token).sort()).toEqual(["t-1", "t-2", "t-3"].map(sha256).sort());
    expect(await adapter.deleteMany({ model: "session", where: [{ field: "token", operator: "in", value: ["t-1", "t-2"] }] })).toBe(2);
  });

  it("hashes inside a transaction too, and leaves other tables alone", async () => {
    const { adapter, stored } = memoryAdapter();
    await adapter.transaction(async (trx) => {
      await trx.create({ model: "session", data: { token: "in-transaction", userId: "u1" } });
      await trx.create({ model: "user", data: { token: "not-a-session", name: "Someone" } });
    });
    expect(stored("session")[0].token).toBe(sha256("in-transaction"));
    expect(stored("user")[0].token).toBe("not-a-session");
  });
});
