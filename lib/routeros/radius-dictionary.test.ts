import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { radiusPackets, signDynamicRequest, verifyDynamicRequest, verifyDynamicResponse } from "./radius-dictionary";

const SECRET = "nas-secret";

function disconnectRequest(messageAuthenticator: boolean) {
  const radius = radiusPackets();
  const encoded = radius.encode({
    code: "Disconnect-Request",
    secret: SECRET,
    identifier: 7,
    attributes: [
      ["User-Name", "alice"],
      ["Acct-Session-Id", "81000005"],
    ],
    add_message_authenticator: messageAuthenticator,
  });
  return signDynamicRequest(encoded, SECRET);
}

describe("CoA and Disconnect signing (RFC 5176, RFC 3579)", () => {
  it("computes the Message-Authenticator over a zero Request Authenticator, then the authenticator over the whole packet", () => {
    const packet = disconnectRequest(true);
    const at = packet.length - 16;
    expect(packet[at - 2]).toBe(80);
    const zeroed = Buffer.from(packet);
    zeroed.fill(0, 4, 20);
    zeroed.fill(0, at, at + 16);
    expect(packet.subarray(at)).toEqual(createHmac("md5", SECRET).update(zeroed).digest());
    const withMac = Buffer.from(packet);
    withMac.fill(0, 4, 20);
    expect(packet.subarray(4, 20)).toEqual(createHash("md5").update(withMac).update(SECRET).digest());
    expect(verifyDynamicRequest(packet, SECRET)).toEqual({ valid: true, messageAuthenticator: true });
  });

  it("refuses a request under another secret or with a changed byte", () => {
    expect(verifyDynamicRequest(disconnectRequest(true), "other").valid).toBe(false);
    const tampered = disconnectRequest(false);
    tampered[tampered.length - 1] ^= 1;
    expect(verifyDynamicRequest(tampered, SECRET).valid).toBe(false);
    expect(verifyDynamicRequest(disconnectRequest(false), SECRET)).toEqual({ valid: true, messageAuthenticator: false });
  });

  it("accepts the NAS's ACK to the request, with its Message-Authenticator, and nothing else", () => {
    const radius = radiusPackets();
    const request = disconnectRequest(true);
    const packet = radius.decode_without_secret({ packet: request });
    const ack = radius.encode_response({ packet, code: "Disconnect-ACK", secret: SECRET, attributes: [] });
    expect(verifyDynamicResponse(ack, request, SECRET)).toBe(true);
    expect(verifyDynamicResponse(ack, request, "other")).toBe(false);
    expect(verifyDynamicResponse(ack, disconnectRequest(false), SECRET)).toBe(false);
  });
});
