import { z } from "zod";
import type { FieldErrors } from "@/lib/core/errors";
import { descendantsOf, type NodeCandidate, type TreeNode } from "./tree";

export { descendantsOf, flattenQueueTree, type NodeCandidate, type TreeNode } from "./tree";

const noControl = /^[^\u0000-\u001f]*$/;
const MAX_MBPS = 100_000;

/** Staff type Mbps (decimals allowed, 0 = no limit); we store bits per second, as RouterOS reads them back. */
const mbpsToBps = (label: string) =>
  z.coerce
    .number({ message: `${label} must be a number` })
    .min(0, `${label} can't be negative`)
    .max(MAX_MBPS, `${label} is too high`)
    .transform((mbps) => Math.round(mbps * 1_000_000));

const optionalId = (message: string) => z.union([z.literal("").transform(() => null), z.null(), z.string().uuid(message)]).default(null);

/** One queue-tree node as the editor sends it: limits in Mbps in, bps out. */
export const queueNodeFieldsSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(64, "Name is too long").regex(noControl, "Name has control characters"),
    parentId: optionalId("Choose a parent queue"),
    parentInterface: z
      .string()
      .trim()
      .max(64, "Interface name is too long")
      .regex(noControl, "Interface name has control characters")
      .transform((value) => value || "global")
      .default("global"),
    packetMark: z
      .string()
      .trim()
      .max(64, "Packet mark is too long")
      .regex(/^[^\u0000-\u001f,]*$/, "One packet mark, without commas")
      .default(""),
    maxLimitMbps: mbpsToBps("Max limit").default(0),
    limitAtMbps: mbpsToBps("Limit at").default(0),
    priority: z.coerce
      .number({ message: "Priority must be 1–8" })
      .int("Priority must be 1–8")
      .min(1, "Priority must be 1–8")
      .max(8, "Priority must be 1–8")
      .default(8),
    queueType: z
      .string()
      .trim()
      .min(1, "Queue type is required")
      .max(64, "Queue type is too long")
      .regex(/^[\w.-]+$/, "Use the queue type's name, e.g. default-small or pcq-download-default")
      .default("default-small"),
    siteId: optionalId("Choose one of your sites"),
    planId: optionalId("Choose one of your plans"),
    comment: z.string().trim().max(200, "Comment is too long").regex(noControl, "Comment has control characters").default(""),
  })
  .superRefine((node, ctx) => {
    if (node.maxLimitMbps > 0 && node.limitAtMbps > node.maxLimitMbps)
      ctx.addIssue({ code: "custom", path: ["limitAtMbps"], message: "Limit at can't be above max limit" });
  })
  .transform(({ maxLimitMbps, limitAtMbps, ...node }) => ({
    ...node,
    // A node under another queue hangs off that queue, not an interface.
    parentInterface: node.parentId ? "global" : node.parentInterface,
    maxLimitBps: maxLimitMbps,
    limitAtBps: limitAtMbps,
  }));
export type QueueNodeFields = z.output<typeof queueNodeFieldsSchema>;

const mbps = (bps: number) => `${Number((bps / 1_000_000).toFixed(3))} Mbps`;

/**
 * Whether `candidate` may join (or replace itself in) the router's tree: unique name, a parent on this router
 * that isn't itself or below it, limit-at ≤ max-limit, max-limit within the parent's and above its children's.
 * 0 means "no limit". Returns field errors keyed like the editor's fields, or null when it fits.
 */
export function checkQueueNode(nodes: readonly TreeNode[], candidate: NodeCandidate): FieldErrors | null {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const others = nodes.filter((node) => node.id !== candidate.id);
  if (others.some((node) => node.name === candidate.name)) add("name", `A queue named “${candidate.name}” already exists on this router`);
  if (candidate.maxLimitBps > 0 && candidate.limitAtBps > candidate.maxLimitBps) add("limitAtMbps", "Limit at can't be above max limit");
  if (candidate.parentId) {
    const parent = nodes.find((node) => node.id === candidate.parentId);
    if (!parent) add("parentId", "Choose a parent queue on this router");
    else if (candidate.id && (parent.id === candidate.id || descendantsOf(nodes, candidate.id).some((node) => node.id === parent.id)))
      add("parentId", "A queue can't hang below itself or one of its own children");
    else if (parent.maxLimitBps > 0 && candidate.maxLimitBps > parent.maxLimitBps)
      add("maxLimitMbps", `Max limit can't be above the parent's (${parent.name}: ${mbps(parent.maxLimitBps)})`);
  }
  if (candidate.id && candidate.maxLimitBps > 0) {
    const over = nodes.filter((node) => node.parentId === candidate.id && node.maxLimitBps > candidate.maxLimitBps);
    if (over.length > 0) add("maxLimitMbps", `A child queue has a higher max limit (${over[0].name}: ${mbps(over[0].maxLimitBps)})`);
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
