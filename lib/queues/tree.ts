/** The queue tree's shape and walks, without zod: rules.ts checks nodes with them and the tree editor shows them. */
export type TreeNode = { id: string; name: string; parentId: string | null; maxLimitBps: number; limitAtBps: number };
export type NodeCandidate = Omit<TreeNode, "id"> & { id?: string };

/** Every node below `id` (children, their children, …). */
export function descendantsOf(nodes: readonly TreeNode[], id: string): TreeNode[] {
  const found: TreeNode[] = [];
  const queue = [id];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const node of nodes) {
      if (node.parentId === current && !found.includes(node)) {
        found.push(node);
        queue.push(node.id);
      }
    }
  }
  return found;
}

/** The tree in display order: parents before children, siblings by name, with each node's depth. */
export function flattenQueueTree<T extends TreeNode>(nodes: readonly T[]): { node: T; depth: number }[] {
  const ids = new Set(nodes.map((n) => n.id));
  const byParent = new Map<string | null, T[]>();
  for (const node of nodes) {
    // A dangling parent id would hide the node; show it at the top instead.
    const key = node.parentId && ids.has(node.parentId) ? node.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), node]);
  }
  const out: { node: T; depth: number }[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const node of [...(byParent.get(parentId) ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ node, depth });
      visit(node.id, depth + 1);
    }
  };
  visit(null, 0);
  // Nodes caught in a loop (impossible through the editor) still show up rather than vanish.
  for (const node of nodes) if (!out.some((entry) => entry.node === node)) out.push({ node, depth: 0 });
  return out;
}

/**
 * Plans whose queue hangs, directly or through parents, off `interfaceName`: their subscribers' traffic goes through
 * that interface. A loop in the parents (which the editor refuses) ends the walk.
 */
export function plansUnder(
  nodes: readonly { id: string; parentId: string | null; parentInterface: string; planId: string | null }[],
  interfaceName: string,
): string[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const rootInterface = (start: (typeof nodes)[number]) => {
    let node = start;
    const seen = new Set<string>();
    while (node.parentId && byId.has(node.parentId) && !seen.has(node.id)) {
      seen.add(node.id);
      node = byId.get(node.parentId)!;
    }
    return node.parentInterface;
  };
  return [...new Set(nodes.filter((node) => node.planId && rootInterface(node) === interfaceName).map((node) => node.planId!))];
}
