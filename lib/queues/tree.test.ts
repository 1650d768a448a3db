import { describe, expect, it } from "vitest";
import { plansUnder } from "./tree";

const node = (id: string, parentId: string | null, parentInterface: string, planId: string | null) => ({ id, parentId, parentInterface, planId });

describe("plans whose queue hangs off an interface", () => {
  const nodes = [
    node("root-5", null, "ether5", null),
    node("biz", "root-5", "global", "plan-business"),
    node("root-global", null, "global", null),
    node("home", "root-global", "global", "plan-home"),
    node("direct", null, "ether5", "plan-direct"),
  ];

  it("follows parents to the root's interface", () => {
    expect(plansUnder(nodes, "ether5").sort()).toEqual(["plan-business", "plan-direct"]);
    expect(plansUnder(nodes, "global")).toEqual(["plan-home"]);
    expect(plansUnder(nodes, "ether3")).toEqual([]);
  });

  it("ends the walk on a loop instead of spinning", () => {
    expect(plansUnder([node("x", "y", "ether1", "p1"), node("y", "x", "ether1", null)], "ether1")).toEqual(["p1"]);
  });
});
