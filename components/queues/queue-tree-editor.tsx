"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { deleteQueueNodeAction } from "@/lib/queues/actions/queue-nodes";
import { descendantsOf } from "@/lib/queues/tree";
import { formatLimit } from "@/lib/network/format";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { QueueNodeForm, type QueueNodeFormValues } from "@/components/queues/queue-node-form";

export type EditorNode = {
  id: string;
  name: string;
  depth: number;
  parentId: string | null;
  parentInterface: string;
  packetMark: string;
  maxLimitBps: number;
  limitAtBps: number;
  priority: number;
  queueType: string;
  siteId: string | null;
  siteName: string | null;
  planId: string | null;
  planName: string | null;
  comment: string;
};
type Option = { id: string; name: string };

const mbpsText = (bps: number) => String(Number((bps / 1_000_000).toFixed(3)));
const valuesOf = (n: EditorNode): QueueNodeFormValues => ({
  name: n.name,
  parentId: n.parentId ?? "",
  parentInterface: n.parentInterface,
  packetMark: n.packetMark,
  maxLimitMbps: mbpsText(n.maxLimitBps),
  limitAtMbps: mbpsText(n.limitAtBps),
  priority: String(n.priority),
  queueType: n.queueType,
  siteId: n.siteId ?? "",
  planId: n.planId ?? "",
  comment: n.comment,
});

/** The desired queue tree, indented by depth, with add/edit/delete for staff who may change queues. */
export function QueueTreeEditor({
  routerId,
  nodes,
  sites,
  plans,
  canWrite,
}: {
  routerId: string;
  nodes: EditorNode[];
  sites: Option[];
  plans: Option[];
  canWrite: boolean;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState<EditorNode | "new" | null>(null);
  const [deleting, setDeleting] = useState<EditorNode | null>(null);
  const [pending, start] = useTransition();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const childCount = deleting ? descendantsOf(nodes, deleting.id).length : 0;
  // A node can't move below itself or its own branch.
  const parentOptions = (self: EditorNode | null) => {
    const excluded = new Set(self ? [self.id, ...descendantsOf(nodes, self.id).map((n) => n.id)] : []);
    return nodes.filter((n) => !excluded.has(n.id)).map((n) => ({ id: n.id, name: `${"— ".repeat(n.depth)}${n.name}` }));
  };
  const remove = (node: EditorNode) =>
    start(async () => {
      const result = await deleteQueueNodeAction({ routerId, nodeId: node.id, withChildren: true });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(
        result.data.deleted === 1 ? `Queue “${node.name}” deleted.` : `“${node.name}” and ${result.data.deleted - 1} queues below it deleted.`,
      );
      setDeleting(null);
      router.refresh();
    });

  return (
    <div className="flex flex-col gap-3">
      {nodes.length === 0 ? (
        <p className="text-sm text-muted-foreground">No queue tree yet. Plans enforced by their profile or a simple queue need none.</p>
      ) : (
        <DataTable
          columns={[
            { label: "Queue" },
            { label: "Parent" },
            { label: "Packet mark" },
            { label: "Max limit", align: "right" },
            { label: "Limit at", align: "right" },
            { label: "Priority", align: "right" },
            { label: "Type" },
            { label: "For" },
            ...(canWrite ? [{ label: "Actions", srOnly: true }] : []),
          ]}
        >
          {nodes.map((n) => (
            <tr key={n.id}>
              <td className="p-3 font-medium">
                <span className="inline-flex items-center gap-1" style={{ paddingInlineStart: `${n.depth * 1.25}rem` }}>
                  {n.depth > 0 ? (
                    <span aria-hidden="true" className="text-muted-foreground">
                      └
                    </span>
                  ) : null}
                  {n.name}
                </span>
              </td>
              <td className="p-3">
                {n.parentId ? (byId.get(n.parentId)?.name ?? "—") : <span className="font-mono text-xs">{n.parentInterface}</span>}
              </td>
              <td className="p-3 font-mono text-xs">{n.packetMark || "—"}</td>
              <td className="p-3 text-right tabular-nums">{formatLimit(String(n.maxLimitBps))}</td>
              <td className="p-3 text-right tabular-nums">{formatLimit(String(n.limitAtBps))}</td>
              <td className="p-3 text-right tabular-nums">{n.priority}</td>
              <td className="p-3 font-mono text-xs">{n.queueType}</td>
              <td className="p-3">
                <span className="flex flex-wrap gap-1">
                  {n.siteName ? <Badge>{n.siteName}</Badge> : null}
                  {n.planName ? <Badge tone="info">{n.planName}</Badge> : null}
                  {!n.siteName && !n.planName ? "—" : null}
                </span>
              </td>
              {canWrite ? (
                <td className="p-3">
                  <div className="flex justify-end gap-1">
                    <Button size="sm" variant="ghost" onClick={() => setEditing(n)} aria-label={`Edit ${n.name}`}>
                      Edit
                    </Button>
                    <Button size="sm" variant="ghost" className="text-danger" onClick={() => setDeleting(n)} aria-label={`Delete ${n.name}`}>
                      Delete
                    </Button>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
      {canWrite ? (
        <div>
          <Button variant="outline" onClick={() => setEditing("new")}>
            Add queue
          </Button>
        </div>
      ) : null}

      <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
        {editing ? (
          <DialogContent title={editing === "new" ? "Add queue" : `Edit ${editing.name}`} className="max-w-2xl">
            <QueueNodeForm
              key={editing === "new" ? "new" : editing.id}
              routerId={routerId}
              nodeId={editing === "new" ? undefined : editing.id}
              initial={editing === "new" ? undefined : valuesOf(editing)}
              parents={parentOptions(editing === "new" ? null : editing)}
              sites={sites}
              plans={plans}
              onSaved={() => setEditing(null)}
            />
          </DialogContent>
        ) : null}
      </Dialog>

      <Dialog open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting ? (
          <DialogContent
            title={`Delete “${deleting.name}”?`}
            description={
              childCount > 0
                ? `${childCount} ${childCount === 1 ? "queue hangs" : "queues hang"} below it and will be deleted too, here and on the router.`
                : "It is deleted here and on the router."
            }
          >
            <div className="flex flex-wrap justify-end gap-2">
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button variant="danger" disabled={pending} onClick={() => remove(deleting)}>
                {pending ? "Deleting…" : childCount > 0 ? `Delete ${childCount + 1} queues` : "Delete queue"}
              </Button>
            </div>
          </DialogContent>
        ) : null}
      </Dialog>
    </div>
  );
}
