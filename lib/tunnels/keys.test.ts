import { describe, expect, it } from "vitest";
import { keyBytes, newWireguardKeyPair, wireguardPublicKey } from "@/lib/tunnels/keys";

describe("WireGuard keys", () => {
  it("derives the public key `wg pubkey` prints (the example of wg(8))", () => {
    expect(wireguardPublicKey("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=")).toBe("HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=");
  });

  it("makes clamped pairs whose public key matches the private one", () => {
    const pair = newWireguardKeyPair();
    const raw = keyBytes(pair.privateKey)!;
    expect(raw).toHaveLength(32);
    expect(raw[0] & 7).toBe(0);
    expect(raw[31] & 0xc0).toBe(0x40);
    expect(wireguardPublicKey(pair.privateKey)).toBe(pair.publicKey);
    expect(newWireguardKeyPair().privateKey).not.toBe(pair.privateKey);
  });

  it("refuses what is not a key", () => {
    expect(keyBytes("not a key")).toBeNull();
    expect(keyBytes("AAAA")).toBeNull();
    expect(() => wireguardPublicKey("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBm=")).toThrow(/Not a WireGuard private key/);
  });
});
