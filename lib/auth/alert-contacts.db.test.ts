import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { executeAction } from "@/lib/core/action";
import { actorOf } from "@/lib/audit/record";
import { saveChannelSettings } from "@/lib/notify/settings";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { notificationOutbox } from "@/lib/notify/schema";
import { saveAlertContactsAction } from "./actions/save-alert-contacts";
import { getAlertContacts } from "./alert-contacts";

let conn: Connection;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;

beforeAll(async () => {
  conn = await createTestDatabase();
  fixture = await createTenantFixture(conn.db, { name: "Lipa Wireless" });
  await saveChannelSettings(conn.db, actorOf(fixture.ctx.owner), {
    channel: "sms",
    enabled: true,
    provider: "semaphore",
    baseUrl: "http://127.0.0.1:9",
    senderName: "",
    apiKey: "key",
  });
});
afterAll(async () => conn?.close());

describe("a staff member's alert contacts", () => {
  it("starts at email, and an incident then reaches the on-call by SMS on the number they saved", async () => {
    const tech = fixture.ctx.technician;
    expect(await getAlertContacts(tech.db, tech)).toEqual({ alertChannels: ["email"], alertPhone: "", alertTelegramChatId: "" });
    await executeAction(saveAlertContactsAction.definition, tech, { alertChannels: ["sms", "email"], alertPhone: "0917 555 0101", alertTelegramChatId: "" });
    expect(await getAlertContacts(tech.db, tech)).toMatchObject({ alertChannels: ["sms", "email"], alertPhone: "0917 555 0101" });
    await enqueueNotification(conn.db, {
      tenantId: tech.tenantId,
      event: "incident_opened",
      userId: tech.userId,
      data: { incidentNumber: "INC-1", incidentTitle: "Tower-1 unreachable", severity: "critical", openedAt: "now", affected: "3 online of 4", incidentUrl: "http://x" },
    });
    const rows = await conn.db
      .select({ channel: notificationOutbox.channel, recipient: notificationOutbox.recipient })
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.tenantId, tech.tenantId), eq(notificationOutbox.userId, tech.userId)))
      .orderBy(asc(notificationOutbox.channel));
    expect(rows).toEqual([
      { channel: "email", recipient: expect.stringContaining("@example.test") },
      { channel: "sms", recipient: "639175550101" },
    ]);
  });

  it("refuses SMS without a number and a chat ID that is not a number, changing nothing", async () => {
    const support = fixture.ctx.support;
    await expect(executeAction(saveAlertContactsAction.definition, support, { alertChannels: ["sms"], alertPhone: "", alertTelegramChatId: "" })).rejects.toMatchObject({
      fieldErrors: { alertPhone: [expect.stringContaining("mobile number")] },
    });
    await expect(executeAction(saveAlertContactsAction.definition, support, { alertChannels: ["telegram"], alertPhone: "", alertTelegramChatId: "@me" })).rejects.toMatchObject({
      fieldErrors: { alertTelegramChatId: [expect.stringContaining("number")] },
    });
    expect(await getAlertContacts(support.db, support)).toEqual({ alertChannels: ["email"], alertPhone: "", alertTelegramChatId: "" });
  });
});
