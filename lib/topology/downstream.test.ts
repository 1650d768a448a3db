import { describe, expect, it } from "vitest";
import { routersBeyond } from "./downstream";

const link = (a: string, aInterface: string, b: string, bInterface: string) => ({ aRouterId: a, aInterface, bRouterId: b, bInterface });

describe("routers beyond an interface", () => {
  // core ether2 ── ether1 t1 ether2 ── ether1 t2;  core ether3 ── ether1 t3;  t1 ether3 ── ether1 t4
  const links = [link("core", "ether2", "t1", "ether1"), link("t1", "ether2", "t2", "ether1"), link("core", "ether3", "t3", "ether1"), link("t4", "ether1", "t1", "ether3")];

  it.each<[string, string, string, string[] | null]>([
    ["the whole branch behind a link, whichever end the link was stored from", "core", "ether2", ["t1", "t2", "t4"]],
    ["only the branch behind that port", "core", "ether3", ["t3"]],
    ["a link stored with the router as its far end", "t1", "ether3", ["t4"]],
    ["a leaf's port towards the rest", "t2", "ether1", ["t1", "core", "t4", "t3"]],
    ["an interface that links to none of ours", "core", "ether9", null],
  ])("%s", (_name, routerId, interfaceName, expected) => {
    const found = routersBeyond(links, routerId, interfaceName);
    expect(found === null ? null : [...found].sort()).toEqual(expected === null ? null : [...expected].sort());
  });

  it("never walks back through the router itself, even around a ring", () => {
    const ring = [link("a", "ether2", "b", "ether1"), link("b", "ether2", "c", "ether1"), link("c", "ether2", "a", "ether3")];
    expect(routersBeyond(ring, "a", "ether2")?.sort()).toEqual(["b", "c"]);
  });
});
