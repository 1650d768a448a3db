import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/cron/[job]/route";
import { cronSecret, isAuthorizedCronRequest } from "./cron";

const SECRET = "cron-secret-for-tests-0123456789";
const call = (job: string, headers: Record<string, string> = {}) =>
  GET(new Request(`http://127.0.0.1/api/cron/${job}`, { headers }), { params: Promise.resolve({ job }) });

afterEach(() => {
  delete process.env.CRON_SECRET;
});

describe("GET /api/cron/[job]", () => {
  it("refuses a call without the Authorization header with a 401 JSON error", async () => {
    process.env.CRON_SECRET = SECRET;
    const response = await call("poll-routers");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("refuses a wrong secret, a secret without Bearer, and a prefix of the right one", async () => {
    process.env.CRON_SECRET = SECRET;
    for (const authorization of ["Bearer wrong-secret-0123456789", SECRET, `Bearer ${SECRET.slice(0, -1)}`, `bearer ${SECRET}`]) {
      expect((await call("poll-routers", { authorization })).status, authorization).toBe(401);
    }
  });

  it("refuses every call while no CRON_SECRET is configured (or one too short to be a secret)", async () => {
    expect((await call("poll-routers", { authorization: "Bearer " })).status).toBe(401);
    process.env.CRON_SECRET = "short";
    expect((await call("poll-routers", { authorization: "Bearer short" })).status).toBe(401);
  });

  it("answers an unknown job with 404 once the caller is authorized", async () => {
    process.env.CRON_SECRET = SECRET;
    const response = await call("mine-bitcoin", { authorization: `Bearer ${SECRET}` });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, code: "not_found" });
  });

  it("accepts exactly `Bearer <CRON_SECRET>`", () => {
    const request = new Request("http://127.0.0.1/api/cron/poll-routers", { headers: { authorization: `Bearer ${SECRET}` } });
    expect(isAuthorizedCronRequest(request, cronSecret({ CRON_SECRET: SECRET }))).toBe(true);
  });
});
