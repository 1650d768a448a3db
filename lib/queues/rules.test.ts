import { describe, expect, it } from "vitest";
import { checkQueueNode, descendantsOf, flattenQueueTree, queueNodeFieldsSchema, type TreeNode } from "@/lib/queues/rules";

const M = 1_000_000;
// total (100M) ─┬─ site-a (60M) ─── plan-10 (10M)
//               └─ site-b (40M)
// upload (0 = unlimited)
const tree: TreeNode[] = [
  { id: "total", name: "total", parentId: null, maxLimitBps: 100 * M, limitAtBps: 0 },
  { id: "a", name: "site-a", parentId: "total", maxLimitBps: 60 * M, limitAtBps: 20 * M },
  { id: "a10", name: "plan-10", parentId: "a", maxLimitBps: 10 * M, limitAtBps: 0 },
  { id: "b", name: "site-b", parentId: "total", maxLimitBps: 40 * M, limitAtBps: 0 },
  { id: "up", name: "upload", parentId: null, maxLimitBps: 0, limitAtBps: 0 },
];
const node = (extra: Partial<TreeNode>) => ({ name: "new", parentId: null, maxLimitBps: 0, limitAtBps: 0, ...extra });

describe("queue tree rules", () => {
  it.each<[string, ReturnType<typeof node> & { id?: string }, Record<string, string[]> | null]>([
    ["a new root queue", node({ maxLimitBps: 500 * M }), null],
    ["a leaf within its parent's limit", node({ parentId: "a", maxLimitBps: 60 * M, limitAtBps: 5 * M }), null],
    ["an unlimited leaf below a limited parent", node({ parentId: "a" }), null],
    ["anything below an unlimited parent", node({ parentId: "up", maxLimitBps: 900 * M }), null],
    ["a duplicate name", node({ name: "site-b" }), { name: ["A queue named “site-b” already exists on this router"] }],
    ["keeping its own name on edit", { ...node({ name: "site-b", parentId: "total", maxLimitBps: 30 * M }), id: "b" }, null],
    ["limit-at above max-limit", node({ maxLimitBps: 10 * M, limitAtBps: 11 * M }), { limitAtMbps: ["Limit at can't be above max limit"] }],
    ["limit-at with no max-limit", node({ limitAtBps: 11 * M }), null],
    [
      "a child above its parent",
      node({ parentId: "a", maxLimitBps: 61 * M }),
      { maxLimitMbps: ["Max limit can't be above the parent's (site-a: 60 Mbps)"] },
    ],
    ["an unknown parent", node({ parentId: "elsewhere" }), { parentId: ["Choose a parent queue on this router"] }],
    [
      "itself as parent",
      { ...node({ name: "site-a", parentId: "a", maxLimitBps: 60 * M }), id: "a" },
      { parentId: ["A queue can't hang below itself or one of its own children"] },
    ],
    [
      "a grandchild as parent (cycle)",
      { ...node({ name: "total", parentId: "a10", maxLimitBps: 100 * M }), id: "total" },
      { parentId: ["A queue can't hang below itself or one of its own children"] },
    ],
    [
      "a parent squeezed below its child",
      { ...node({ name: "site-a", parentId: "total", maxLimitBps: 5 * M }), id: "a" },
      { maxLimitMbps: ["A child queue has a higher max limit (plan-10: 10 Mbps)"] },
    ],
    [
      "several problems at once",
      node({ name: "total", parentId: "b", maxLimitBps: 50 * M, limitAtBps: 60 * M }),
      {
        name: ["A queue named “total” already exists on this router"],
        limitAtMbps: ["Limit at can't be above max limit"],
        maxLimitMbps: ["Max limit can't be above the parent's (site-b: 40 Mbps)"],
      },
    ],
  ])("%s", (_, candidate, expected) => {
    expect(checkQueueNode(tree, candidate)).toEqual(expected);
  });

  it("finds every descendant and lists parents before children", () => {
    expect(
      descendantsOf(tree, "total")
        .map((n) => n.id)
        .sort(),
    ).toEqual(["a", "a10", "b"]);
    expect(descendantsOf(tree, "a10")).toEqual([]);
    expect(flattenQueueTree(tree).map(({ node: n, depth }) => `${"-".repeat(depth)}${n.name}`)).toEqual([
      "total",
      "-site-a",
      "--plan-10",
      "-site-b",
      "upload",
    ]);
  });

  it("parses the editor's Mbps into bps and hangs child queues off their parent, not an interface", () => {
    expect(
      queueNodeFieldsSchema.parse({
        name: " site-a ",
        parentId: "",
        parentInterface: "",
        maxLimitMbps: "60",
        limitAtMbps: "0.5",
        priority: "2",
        packetMark: "site-a-down",
      }),
    ).toEqual({
      name: "site-a",
      parentId: null,
      parentInterface: "global",
      packetMark: "site-a-down",
      maxLimitBps: 60 * M,
      limitAtBps: 500_000,
      priority: 2,
      queueType: "default-small",
      siteId: null,
      planId: null,
      comment: "",
    });
    const parentId = "6f1f3c1e-2b7a-4c55-9d1e-0b5f0a1e2c3d";
    expect(queueNodeFieldsSchema.parse({ name: "leaf", parentId, parentInterface: "ether1" })).toMatchObject({ parentId, parentInterface: "global" });
  });

  it.each([
    [{ priority: "9" }, "priority", "Priority must be 1–8"],
    [{ maxLimitMbps: "-1" }, "maxLimitMbps", "Max limit can't be negative"],
    [{ maxLimitMbps: "10", limitAtMbps: "20" }, "limitAtMbps", "Limit at can't be above max limit"],
    [{ queueType: "pcq download" }, "queueType", "Use the queue type's name, e.g. default-small or pcq-download-default"],
    [{ packetMark: "a,b" }, "packetMark", "One packet mark, without commas"],
    [{ name: "" }, "name", "Name is required"],
  ])("refuses %o", (input, field, message) => {
    const parsed = queueNodeFieldsSchema.safeParse({ name: "q", ...input });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([field, message]);
  });
});
