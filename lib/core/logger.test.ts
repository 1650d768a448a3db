import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactSecrets } from "@/lib/core/logger";
import type { NextConfig } from "next";

// next.config.mjs is plain JavaScript without types: read it as the server does, then type it.
const configFile = "../../next.config.mjs";
const nextConfig = ((await import(/* @vite-ignore */ configFile)) as { default: NextConfig }).default;

/** A logger at every level whose lines are kept, as the server's log would keep them. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger(sink, "trace"), text: () => lines.join("") };
}

const SECRETS = ["portal-pass-2026", "paypal-client-secret", "reset-token-abc", "Bearer cron-secret", "sk_live_123", "ns_portal=cookie-value"];

describe("logger", () => {
  it("never writes a password, secret, token, key, cookie or authorization, however deep, at any level", () => {
    const { log, text } = capturedLogger();
    const payload = {
      input: { identifier: "SF-1", password: "portal-pass-2026" },
      gateway: { provider: "paypal", settings: { clientSecret: "paypal-client-secret", apiKey: "sk_live_123" } },
      links: [{ kind: "reset", token: "reset-token-abc" }],
      request: { headers: { Authorization: "Bearer cron-secret", cookie: "ns_portal=cookie-value" } },
    };
    log.trace(payload, "trace line");
    log.debug(payload, "debug line");
    log.info(payload, "info line");
    const err = Object.assign(new Error("gateway refused"), { config: { headers: { authorization: "Bearer cron-secret" } } });
    log.error({ err, action: "savePaypalGateway" }, "action failed");
    const written = text();
    for (const secret of SECRETS) expect(written).not.toContain(secret);
    // What helps a reader stays.
    expect(written).toContain("SF-1");
    expect(written).toContain("gateway refused");
    expect(written.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(4 * 3);
  });

  it("keeps ordinary fields and survives cycles", () => {
    const loop: Record<string, unknown> = { tenantId: "t-1", count: 3 };
    loop.self = loop;
    expect(redactSecrets(loop)).toEqual({ tenantId: "t-1", count: 3, self: "[omitted]" });
  });
});

describe("Next.js request logging", () => {
  it("does not print Server Function arguments (a portal password, a PayPal secret, a reset token)", () => {
    expect(nextConfig.logging).toMatchObject({ serverFunctions: false });
  });

  it("leaves out requests whose URL carries a token or a password", () => {
    const ignore = (nextConfig.logging as { incomingRequests: { ignore: RegExp[] } }).incomingRequests.ignore;
    const ignored = (url: string) => ignore.some((pattern) => pattern.test(url));
    expect(ignored("http://127.0.0.1:3000/sign-in?email=a%40b.ph&password=hunter22")).toBe(true);
    expect(ignored("http://127.0.0.1:3000/portal/set-password?token=abc")).toBe(true);
    expect(ignored("http://127.0.0.1:3000/portal/magic?token=abc")).toBe(true);
    expect(ignored("http://127.0.0.1:3000/api/auth/reset-password/abc?callbackURL=%2Freset-password")).toBe(true);
    expect(ignored("http://127.0.0.1:3000/reset-password?token=abc")).toBe(true);
    expect(ignored("http://127.0.0.1:3000/invite/abc")).toBe(true);
    expect(ignored("http://127.0.0.1:3000/pay/abc")).toBe(true);
    expect(ignored("http://127.0.0.1:3000/customers?q=maria")).toBe(false);
  });
});
