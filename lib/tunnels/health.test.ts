import { describe, expect, it } from "vitest";
import { parseWireguardDump } from "@/lib/tunnels/health";
import { formatAge } from "@/lib/core/dates";

// The shape `wg show all dump` prints (tabs between fields); keys are made-up base64 of the right length.
const HUB = "R+0c+GLQqUtYINMu3fIxs2I0POj//SObj4C3/IaVGlA=";
const SITE = "wj8xenpzpBO/sixBsd0BfVONUDjsZEHxQ6zMsiVdY24=";
const QUIET = "Qm9ndXMgcGVlciB0aGF0IG5ldmVyIHNob29rIGhhbmQ=";
const dump = [
  ["wg-isp1", "cHJpdmF0ZSBrZXkgb2YgdGhlIGh1YiwgbmV2ZXIgcmVhZA=", HUB, "51820", "off"],
  ["wg-isp1", SITE, "(none)", "192.0.2.2:39601", "10.99.0.2/32", "1796659507", "180", "92", "off"],
  ["wg-isp1", QUIET, "(none)", "(none)", "10.99.0.3/32", "0", "0", "0", "off"],
]
  .map((fields) => fields.join("\t"))
  .join("\n");

describe("wg show all dump", () => {
  it("reads each peer's handshake and transfer under its hub's public key, never the private key", () => {
    const peers = parseWireguardDump(`${dump}\n`);
    expect(peers).toEqual([
      { hubPublicKey: HUB, publicKey: SITE, endpoint: "192.0.2.2:39601", lastHandshakeAt: new Date(1796659507 * 1000), rxBytes: 180, txBytes: 92 },
      { hubPublicKey: HUB, publicKey: QUIET, endpoint: null, lastHandshakeAt: null, rxBytes: 0, txBytes: 0 },
    ]);
    expect(JSON.stringify(peers)).not.toContain("cHJpdmF0ZSBrZXkg");
  });

  it("skips peers of an interface it has not seen and lines it cannot read", () => {
    expect(parseWireguardDump(dump.split("\n").slice(1).join("\n"))).toEqual([]);
    expect(parseWireguardDump("")).toEqual([]);
    expect(parseWireguardDump(`${dump.split("\n")[0]}\nwg-isp1\t${SITE}\t(none)\t(none)\t10.99.0.2/32\tsoon\t1\t2\toff`)).toEqual([]);
  });
});

describe("formatAge", () => {
  it("says a span in the unit that reads well", () => {
    expect(formatAge(40_000)).toBe("40 s");
    expect(formatAge(12 * 60_000)).toBe("12 min");
    expect(formatAge(185 * 60_000)).toBe("3 h 5 min");
    expect(formatAge(3 * 3_600_000)).toBe("3 h");
    expect(formatAge(2 * 86_400_000)).toBe("2 days");
    expect(formatAge(-5)).toBe("0 s");
  });
});
