import type { BetterAuthOptions, DBAdapter, Where } from "better-auth";
import { sha256 } from "@/lib/core/crypto";

/*
 * Staff session tokens are stored as their sha256 (hex, the same as Postgres' encode(sha256(token), 'hex')):
 * someone who reads the sessions table (a backup, a leaked dump) cannot sign in with what they read. The
 * browser's cookie carries the token itself. Better Auth has no option for this, so its database adapter is
 * wrapped: a session's token is hashed when written, a lookup by token looks up the hash, and rows found that
 * way are handed back with the token the caller asked with (Better Auth sets its cookie from them).
 * Our own queries on `sessions` compare with `sessionTokenHash(token)`.
 */

const SESSION = "session";
const TOKEN = "token";

export const sessionTokenHash = (token: string) => sha256(token);

type TokenMap = Map<string, string>;
type Row = Record<string, unknown>;

/** The where clauses with every token value replaced by its hash; `clear` learns hash → token. */
function hashWhere(where: Where[] | undefined, clear: TokenMap): Where[] | undefined {
  return where?.map((clause) => {
    if (clause.field !== TOKEN) return clause;
    const hashOne = (token: string) => {
      const hash = sessionTokenHash(token);
      clear.set(hash, token);
      return hash;
    };
    const { value } = clause;
    if (typeof value === "string") return { ...clause, value: hashOne(value) };
    if (Array.isArray(value)) return { ...clause, value: (value as Array<string | number>).map((v) => (typeof v === "string" ? hashOne(v) : v)) as string[] };
    return clause;
  });
}

function hashData<T extends Row>(data: T, clear: TokenMap): T {
  if (typeof data[TOKEN] !== "string") return data;
  const hash = sessionTokenHash(data[TOKEN]);
  clear.set(hash, data[TOKEN]);
  return { ...data, [TOKEN]: hash };
}

/** A row read back: the token the caller knows, when they asked by it; otherwise the stored hash stays. */
function restore<T>(row: T, clear: TokenMap): T {
  if (!row || typeof row !== "object") return row;
  const token = (row as Row)[TOKEN];
  return typeof token === "string" && clear.has(token) ? { ...row, [TOKEN]: clear.get(token) } : row;
}

type AnyAdapter = Omit<DBAdapter, "transaction"> & { transaction?: DBAdapter["transaction"] };

function wrap<A extends AnyAdapter>(adapter: A): A {
  const isSession = (model: string) => model === SESSION;
  const wrapped: AnyAdapter = {
    ...adapter,
    create: async (args) => {
      if (!isSession(args.model)) return adapter.create(args);
      const clear: TokenMap = new Map();
      return restore(await adapter.create({ ...args, data: hashData(args.data as Row, clear) as typeof args.data }), clear);
    },
    findOne: async (args) => {
      if (!isSession(args.model)) return adapter.findOne(args);
      const clear: TokenMap = new Map();
      return restore(await adapter.findOne({ ...args, where: hashWhere(args.where, clear)! }), clear);
    },
    findMany: async (args) => {
      if (!isSession(args.model)) return adapter.findMany(args);
      const clear: TokenMap = new Map();
      const rows = await adapter.findMany({ ...args, where: hashWhere(args.where, clear) });
      return rows.map((row) => restore(row, clear));
    },
    count: (args) => (isSession(args.model) ? adapter.count({ ...args, where: hashWhere(args.where, new Map()) }) : adapter.count(args)),
    update: async (args) => {
      if (!isSession(args.model)) return adapter.update(args);
      const clear: TokenMap = new Map();
      const row = await adapter.update({ ...args, where: hashWhere(args.where, clear)!, update: hashData(args.update, clear) });
      return restore(row, clear);
    },
    updateMany: (args) =>
      isSession(args.model)
        ? adapter.updateMany({ ...args, where: hashWhere(args.where, new Map())!, update: hashData(args.update, new Map()) })
        : adapter.updateMany(args),
    delete: (args) => (isSession(args.model) ? adapter.delete({ ...args, where: hashWhere(args.where, new Map())! }) : adapter.delete(args)),
    deleteMany: (args) =>
      isSession(args.model) ? adapter.deleteMany({ ...args, where: hashWhere(args.where, new Map())! }) : adapter.deleteMany(args),
    consumeOne: async (args) => {
      if (!isSession(args.model)) return adapter.consumeOne(args);
      const clear: TokenMap = new Map();
      return restore(await adapter.consumeOne({ ...args, where: hashWhere(args.where, clear)! }), clear);
    },
    incrementOne: async (args) => {
      if (!isSession(args.model)) return adapter.incrementOne(args);
      const clear: TokenMap = new Map();
      const set = args.set ? hashData(args.set as Row, clear) : undefined;
      return restore(await adapter.incrementOne({ ...args, where: hashWhere(args.where, clear)!, set }), clear);
    },
  };
  // A transaction's adapter hashes the same way.
  if (adapter.transaction) {
    const transaction = adapter.transaction;
    wrapped.transaction = (callback) => transaction((trx) => callback(wrap(trx)));
  }
  return wrapped as A;
}

/** Wraps a Better Auth adapter (e.g. `drizzleAdapter(...)`) so session tokens are stored hashed. */
export function withHashedSessionTokens(factory: (options: BetterAuthOptions) => DBAdapter): (options: BetterAuthOptions) => DBAdapter {
  return (options) => wrap(factory(options));
}
