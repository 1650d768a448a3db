import { describe, expect, it } from "vitest";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { clock } from "@/lib/core/clock";
import { generateWebhookSecret, secretKey, signatureHeaders, signMessage } from "./signing";

const body = JSON.stringify({ type: "customer.created", timestamp: "2026-12-07T04:00:00.000Z", data: { id: "c1", accountNumber: "ACC-000123" } });
const deliveryId = "0b9a3c52-6f0e-4d5c-9a49-3c1a2f3e7d10";
const nowSeconds = () => Math.floor(clock.ms() / 1000);

describe("Standard Webhooks signatures, checked by the reference library", () => {
  it("makes secrets the reference library takes: whsec_ and 24 random bytes, different each time", () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(a).not.toBe(b);
    expect(secretKey(a)).toHaveLength(24);
    expect(() => new Webhook(a)).not.toThrow();
  });

  it("signs so that Webhook.verify accepts our headers and returns the body", () => {
    const secret = generateWebhookSecret();
    const headers = signatureHeaders({ deliveryId, timestamp: nowSeconds(), body, secrets: [secret] });
    expect(headers["webhook-id"]).toBe(`msg_${deliveryId}`);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("signs with the reference library's own result for the same message", () => {
    const secret = generateWebhookSecret();
    const timestamp = nowSeconds();
    const id = `msg_${deliveryId}`;
    expect(signMessage({ id, timestamp, body, secret })).toBe(new Webhook(secret).sign(id, new Date(timestamp * 1000), body));
  });

  it("during a rotation carries two signatures, and a receiver holding either secret verifies", () => {
    const [fresh, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signatureHeaders({ deliveryId, timestamp: nowSeconds(), body, secrets: [fresh, previous] });
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(fresh).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it("is refused for a tampered body, another message id or a moved timestamp", () => {
    const secret = generateWebhookSecret();
    const timestamp = nowSeconds();
    const headers = signatureHeaders({ deliveryId, timestamp, body, secrets: [secret] });
    const verifier = new Webhook(secret);
    expect(() => verifier.verify(body.replace("ACC-000123", "ACC-000124"), headers)).toThrow(WebhookVerificationError);
    expect(() => verifier.verify(body, { ...headers, "webhook-id": "msg_other" })).toThrow(WebhookVerificationError);
    expect(() => verifier.verify(body, { ...headers, "webhook-timestamp": String(timestamp - 1) })).toThrow(WebhookVerificationError);
  });

  it("refuses to sign without a secret or with one that is not a whsec_ secret", () => {
    expect(() => signatureHeaders({ deliveryId, timestamp: nowSeconds(), body, secrets: [] })).toThrow();
    expect(() => signMessage({ id: "msg_1", timestamp: nowSeconds(), body, secret: "not-a-secret" })).toThrow(/whsec_/);
  });
});
