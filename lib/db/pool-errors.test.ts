import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/core/logger";
import { survivesIdleErrors } from "./pool-errors";

const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const pool = survivesIdleErrors(new pg.Pool({ connectionString: url, max: 2 }));
afterAll(() => pool.end());

describe("a pooled connection closed while idle", () => {
  it("is logged as a warning without its parameters, and the pool answers the next query on a new connection", async () => {
    const warn = vi.spyOn(logger, "warn");
    const first = await pool.query<{ pid: number }>("select pg_backend_pid() as pid");
    const pid = first.rows[0].pid;

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("select pg_terminate_backend($1)", [pid]);
    await admin.end();
    await vi.waitFor(() => expect(warn).toHaveBeenCalled(), { timeout: 5000 });

    const [fields, message] = warn.mock.calls[0] as [Record<string, unknown>, string];
    expect(message).toMatch(/idle database connection was closed/);
    expect(fields.code).toBe("57P01");
    expect(JSON.stringify(fields)).not.toMatch(/connectionParameters|postgres@/);
    const next = await pool.query<{ pid: number }>("select pg_backend_pid() as pid");
    expect(next.rows[0].pid).not.toBe(pid);
  });
});
