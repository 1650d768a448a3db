import { describe, expect, it } from "vitest";
import { impactBy, type SubscriberBehind } from "./impact";

const row = (routerName: string, planName: string, onlineAtLastPoll: boolean, onlineNow: boolean): SubscriberBehind => ({
  subscriptionId: `${routerName}-${planName}-${Math.random()}`,
  customerId: "c",
  username: "u",
  routerId: routerName,
  routerName,
  planName,
  onlineAtLastPoll,
  onlineNow,
});

describe("an incident's impact counted by router and by PPP profile", () => {
  const rows = [row("Tower-1", "Home 25", true, false), row("Tower-1", "Home 25", true, true), row("Tower-2", "Home 25", false, false), row("Tower-2", "Business 100", true, false)];

  it("counts subscribers, online before and online now per group, largest group first", () => {
    expect(impactBy(rows, "planName")).toEqual([
      { name: "Home 25", subscribers: 3, onlineAtLastPoll: 2, onlineNow: 1 },
      { name: "Business 100", subscribers: 1, onlineAtLastPoll: 1, onlineNow: 0 },
    ]);
    expect(impactBy(rows, "routerName").map((g) => [g.name, g.subscribers, g.onlineNow])).toEqual([
      ["Tower-1", 2, 1],
      ["Tower-2", 2, 0],
    ]);
  });

  it("is empty with nobody behind", () => {
    expect(impactBy([], "planName")).toEqual([]);
  });
});
