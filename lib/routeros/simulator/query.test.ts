import { describe, expect, it } from "vitest";
import { matchesQuery } from "./query";

const interfaces = {
  ether: { type: "ether", name: "ether1", comment: "uplink" },
  vlan: { type: "vlan", name: "vlan10" },
  bridge: { type: "bridge", name: "br" },
};

const secrets = {
  isolated: { profile: "isolir", disabled: "false" },
  expiredDisabled: { profile: "expired", disabled: "true" },
  paying: { profile: "10M", disabled: "false" },
  expired: { profile: "expired", disabled: "false" },
};

function matching(items: Record<string, Record<string, string>>, queries: string[]): string[] {
  return Object.entries(items)
    .filter(([, item]) => matchesQuery(item, queries))
    .map(([key]) => key);
}

describe("matchesQuery", () => {
  const interfaceCases: [string, string[], string[]][] = [
    ["no query matches everything", [], ["ether", "vlan", "bridge"]],
    ["equality", ["?type=ether"], ["ether"]],
    ["equality written ?=name=value", ["?=type=vlan"], ["vlan"]],
    ["consecutive words are an AND", ["?type=ether", "?name=ether1"], ["ether"]],
    ["§1.3 ether OR vlan", ["?type=ether", "?type=vlan", "?#|"], ["ether", "vlan"]],
    ["§1.3 neither ether nor vlan", ["?type=ether", "?type=vlan", "?#|!"], ["bridge"]],
    ["§1.3 comment not empty", ["?>comment="], ["ether"]],
    ["has property", ["?comment"], ["ether"]],
    ["lacks property", ["?-comment"], ["vlan", "bridge"]],
    ["less than compares text", ["?<name=c"], ["bridge"]],
    ["an index at the end replaces the stack with that entry", ["?type=ether", "?type=vlan", "?#1"], ["ether"]],
    ["index 0 at the end keeps only the top", ["?type=ether", "?type=vlan", "?#0"], ["vlan"]],
    ["an index before an operator pushes a copy", ["?type=vlan", "?type=ether", "?#1|"], ["vlan"]],
    ["a dot after an index only ends the number", ["?type=vlan", "?type=ether", "?#1.|"], ["vlan"]],
    ["a leading dot duplicates the top", ["?type=ether", "?#.!"], []],
    ["negating the endless true stack matches nothing", ["?#!"], []],
    ["AND of two entries", ["?type=ether", "?comment", "?#&"], ["ether"]],
    ["AND pops both operands even when the first is false", ["?type=vlan", "?type=ether", "?#&!"], ["ether", "vlan", "bridge"]],
  ];

  it.each(interfaceCases)("%s", (_, queries, expected) => {
    expect(matching(interfaces, queries)).toEqual(expected);
  });

  it("§1.3 in either profile AND enabled", () => {
    expect(matching(secrets, ["?profile=isolir", "?profile=expired", "?#|", "?disabled=false"])).toEqual(["isolated", "expired"]);
  });

  it("compares numbers numerically", () => {
    expect(matchesQuery({ mtu: "1500" }, ["?>mtu=900"])).toBe(true);
    expect(matchesQuery({ mtu: "1500" }, ["?<mtu=900"])).toBe(false);
  });

  it("keeps `=` inside values", () => {
    expect(matchesQuery({ password: "iu=c3Eeg" }, ["?password=iu=c3Eeg"])).toBe(true);
  });
});
