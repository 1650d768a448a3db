import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { startFakeGenericSms, type FakeProvider } from "@/tests/support/fake-messaging";
import { executeAction } from "@/lib/core/action";
import { saveChannelSettingsAction, sendTestMessageAction } from "./actions/channels";
import type { Connection } from "@/lib/db/connect";

/*
 * An ISP owner pointing the SMS channel at the server itself (http://127.0.0.1:<port>/internal-admin) must not
 * make the server POST there with the ISP's API key as a bearer token.
 */
let conn: Connection;
let sms: FakeProvider;
let a: Awaited<ReturnType<typeof createTenantFixture>>;
const API_KEY = "sms-api-key-0123456789";

beforeAll(async () => {
  conn = await createTestDatabase();
  sms = await startFakeGenericSms();
  a = await createTenantFixture(conn.db, { name: "Lipa Wireless" });
});
afterAll(async () => {
  await sms?.close();
  await conn?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const smsSettings = (baseUrl: string) =>
  ({ channel: "sms", enabled: true, provider: "generic", baseUrl, senderName: "LIPA", apiKey: API_KEY }) as const;

describe("an SMS channel pointed at the server's own network", () => {
  it("is refused when saved, unless the operator allows the host", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    await expect(executeAction(saveChannelSettingsAction.definition, a.ctx.owner, smsSettings(`${sms.url}/internal-admin`))).rejects.toMatchObject({
      code: "validation",
      fieldErrors: {
        baseUrl: [expect.stringMatching(/^This address points back at the NetSphere server itself; NetSphere only calls public internet addresses/)],
      },
    });
  });

  it("sends nothing there, not even a test message, once the host is no longer allowed", async () => {
    // Saved while the operator allowed 127.0.0.1 (as the test environment does), then the allowance is gone.
    await executeAction(saveChannelSettingsAction.definition, a.ctx.owner, smsSettings(`${sms.url}/internal-admin`));
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    await expect(executeAction(sendTestMessageAction.definition, a.ctx.owner, { channel: "sms", to: "0917 123 4567" })).rejects.toMatchObject({
      code: "validation",
      message: expect.stringMatching(
        /^SMS did not send the test: The SMS provider was not called: This address points back at the NetSphere server itself/,
      ),
    });
    expect(sms.requests).toHaveLength(0);
  });

  it("still works for a host the operator allows (a self-hosted gateway)", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1");
    await executeAction(saveChannelSettingsAction.definition, a.ctx.owner, smsSettings(sms.url));
    await executeAction(sendTestMessageAction.definition, a.ctx.owner, { channel: "sms", to: "0917 123 4567" });
    expect(sms.requests).toHaveLength(1);
    expect(sms.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
  });
});
