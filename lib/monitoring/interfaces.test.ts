import { describe, expect, it } from "vitest";
import { initialInterface, type InterfaceSummary } from "./interfaces";

const ports: InterfaceSummary[] = [
  { name: "bridge1", type: "bridge", running: true },
  { name: "ether1", type: "ether", running: true },
  { name: "ether2", type: "ether", running: false },
];

describe("the interface the traffic page opens on", () => {
  it.each([
    ["the one a topology link asked for", ports, "ether2", "ether2"],
    ["the default (first running ethernet) when none was asked for", ports, undefined, "ether1"],
    ["the default when the router has no such port", ports, "ether9", "ether1"],
    ["the default when the name differs only in case", ports, "ETHER2", "ether1"],
    ["the default when the request is empty", ports, "", "ether1"],
    ["nothing when the router has no interfaces", [], "ether2", undefined],
  ] as const)("%s", (_, interfaces, requested, expected) => {
    expect(initialInterface([...interfaces], requested)).toBe(expected);
  });
});
