/*
 * The `radius` package with MikroTik's vendor attributes (vendor 14988, ROUTEROS.md: RADIUS), loaded once per process.
 * Every RADIUS packet we encode or decode — the simulator's client and our CoA/Disconnect sender — goes through
 * `radiusPackets()`, so the attributes a RouterOS NAS sends and accepts have names on both sides.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import radius from "radius";

/** MikroTik's own attributes, as in FreeRADIUS's dictionary.mikrotik (the ones a PPPoE or hotspot NAS uses). */
const MIKROTIK_DICTIONARY = `
VENDOR Mikrotik 14988
BEGIN-VENDOR Mikrotik
ATTRIBUTE Mikrotik-Recv-Limit 1 integer
ATTRIBUTE Mikrotik-Xmit-Limit 2 integer
ATTRIBUTE Mikrotik-Group 3 string
ATTRIBUTE Mikrotik-Rate-Limit 8 string
ATTRIBUTE Mikrotik-Realm 9 string
ATTRIBUTE Mikrotik-Host-IP 10 ipaddr
ATTRIBUTE Mikrotik-Recv-Limit-Gigawords 14 integer
ATTRIBUTE Mikrotik-Xmit-Limit-Gigawords 15 integer
ATTRIBUTE Mikrotik-Total-Limit 17 integer
ATTRIBUTE Mikrotik-Total-Limit-Gigawords 18 integer
ATTRIBUTE Mikrotik-Address-List 19 string
ATTRIBUTE Mikrotik-Delegated-IPv6-Pool 22 string
END-VENDOR Mikrotik
`;

type RadiusModule = typeof radius & {
  load_dictionaries(): void;
  _load_dictionary(content: string): string[];
};

let loaded = false;

/** The `radius` module with the RFC dictionaries it ships and MikroTik's attributes. */
export function radiusPackets(): typeof radius {
  if (!loaded) {
    const packets = radius as RadiusModule;
    packets.load_dictionaries();
    packets._load_dictionary(MIKROTIK_DICTIONARY);
    loaded = true;
  }
  return radius;
}

const AUTHENTICATOR = { start: 4, end: 20 };
const MESSAGE_AUTHENTICATOR = 80;

/** Where the Message-Authenticator's 16 bytes start in a packet, or -1 when it has none. */
function messageAuthenticatorAt(packet: Buffer): number {
  const length = Math.min(packet.length, packet.readUInt16BE(2));
  for (let offset = AUTHENTICATOR.end; offset + 2 <= length; ) {
    const size = packet[offset + 1];
    if (size < 2) return -1;
    if (packet[offset] === MESSAGE_AUTHENTICATOR && size === 18) return offset + 2;
    offset += size;
  }
  return -1;
}

const md5 = (...parts: (Buffer | string)[]) => parts.reduce((hash, part) => hash.update(part), createHash("md5")).digest();

/**
 * Signs a CoA- or Disconnect-Request as RFC 5176 §3 and RFC 3579 §3.2 say, in place: the Message-Authenticator (when the
 * packet has one) over the packet with a zero Request Authenticator, then the Request Authenticator over the packet
 * with its Message-Authenticator. The `radius` package does these two in the other order, which no NAS accepts.
 */
export function signDynamicRequest(packet: Buffer, secret: string): Buffer {
  packet.fill(0, AUTHENTICATOR.start, AUTHENTICATOR.end);
  const at = messageAuthenticatorAt(packet);
  if (at >= 0) {
    packet.fill(0, at, at + 16);
    createHmac("md5", secret).update(packet).digest().copy(packet, at);
  }
  md5(packet, secret).copy(packet, AUTHENTICATOR.start);
  return packet;
}

/** Whether a CoA- or Disconnect-Request was signed with `secret` (the check `signDynamicRequest`'s receiver makes). */
export function verifyDynamicRequest(packet: Buffer, secret: string): { valid: boolean; messageAuthenticator: boolean } {
  if (packet.length < AUTHENTICATOR.end || packet.readUInt16BE(2) > packet.length) return { valid: false, messageAuthenticator: false };
  const copy = Buffer.from(packet.subarray(0, packet.readUInt16BE(2)));
  const given = Buffer.from(copy.subarray(AUTHENTICATOR.start, AUTHENTICATOR.end));
  copy.fill(0, AUTHENTICATOR.start, AUTHENTICATOR.end);
  if (!timingSafeEqual(md5(copy, secret), given)) return { valid: false, messageAuthenticator: false };
  const at = messageAuthenticatorAt(copy);
  if (at < 0) return { valid: true, messageAuthenticator: false };
  const sent = Buffer.from(copy.subarray(at, at + 16));
  copy.fill(0, at, at + 16);
  return { valid: timingSafeEqual(createHmac("md5", secret).update(copy).digest(), sent), messageAuthenticator: true };
}

/** Whether a CoA/Disconnect ACK or NAK answers `request` under `secret` (Response Authenticator and Message-Authenticator). */
export function verifyDynamicResponse(response: Buffer, request: Buffer, secret: string): boolean {
  if (response.length < AUTHENTICATOR.end || response.readUInt16BE(2) > response.length || response[1] !== request[1]) return false;
  const copy = Buffer.from(response.subarray(0, response.readUInt16BE(2)));
  const given = Buffer.from(copy.subarray(AUTHENTICATOR.start, AUTHENTICATOR.end));
  request.copy(copy, AUTHENTICATOR.start, AUTHENTICATOR.start, AUTHENTICATOR.end);
  if (!timingSafeEqual(md5(copy, secret), given)) return false;
  const at = messageAuthenticatorAt(copy);
  if (at < 0) return messageAuthenticatorAt(request) < 0;
  const sent = Buffer.from(copy.subarray(at, at + 16));
  copy.fill(0, at, at + 16);
  return timingSafeEqual(createHmac("md5", secret).update(copy).digest(), sent);
}
