"use client";
import { useRouter } from "next/navigation";
import { createQueueNodeAction, updateQueueNodeAction } from "@/lib/queues/actions/queue-nodes";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { unnestFieldErrors } from "@/components/routers/action-result";

export type QueueNodeFormValues = {
  name: string;
  parentId: string;
  parentInterface: string;
  packetMark: string;
  maxLimitMbps: string;
  limitAtMbps: string;
  priority: string;
  queueType: string;
  siteId: string;
  planId: string;
  comment: string;
};

export const emptyQueueNode: QueueNodeFormValues = {
  name: "",
  parentId: "",
  parentInterface: "global",
  packetMark: "",
  maxLimitMbps: "0",
  limitAtMbps: "0",
  priority: "8",
  queueType: "default-small",
  siteId: "",
  planId: "",
  comment: "",
};

type Option = { id: string; name: string };

/** Adds a queue-tree node, or edits one (`nodeId`); limits are typed in Mbps, 0 for none. */
export function QueueNodeForm({
  routerId,
  nodeId,
  initial = emptyQueueNode,
  parents,
  sites,
  plans,
  onSaved,
}: {
  routerId: string;
  nodeId?: string;
  initial?: QueueNodeFormValues;
  parents: Option[];
  sites: Option[];
  plans: Option[];
  onSaved: () => void;
}) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/queues/rules").then((m) => m.queueNodeFieldsSchema),
    defaultValues: initial,
    action: async (node: never) =>
      unnestFieldErrors(nodeId ? await updateQueueNodeAction({ routerId, nodeId, node }) : await createQueueNodeAction({ routerId, node }), "node"),
    successMessage: (d: { name: string }) => `Queue “${d.name}” saved and being sent to the router now.`,
    onSuccess: () => {
      onSaved();
      router.refresh();
    },
  });
  const r = form.register;
  const parentId = form.watch("parentId");
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <Field label="Queue name" error={errorOf("name")}>
        <Input placeholder="lipa-download" autoComplete="off" {...r("name")} />
      </Field>
      <Field label="Parent queue" error={errorOf("parentId")}>
        <NativeSelect {...r("parentId")}>
          <option value="">None: hang off an interface</option>
          {parents.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      {parentId ? null : (
        <Field label="Parent interface" hint="“global”, or an interface such as ether1 or bridge-lan" error={errorOf("parentInterface")}>
          <Input autoComplete="off" {...r("parentInterface")} />
        </Field>
      )}
      <Field label="Packet mark" hint="Set by your mangle rules; empty to match none" error={errorOf("packetMark")}>
        <Input autoComplete="off" {...r("packetMark")} />
      </Field>
      <Field label="Max limit (Mbps)" hint="0 for no limit" error={errorOf("maxLimitMbps")}>
        <Input inputMode="decimal" {...r("maxLimitMbps")} />
      </Field>
      <Field label="Limit at (Mbps)" hint="Guaranteed rate; at most the max limit" error={errorOf("limitAtMbps")}>
        <Input inputMode="decimal" {...r("limitAtMbps")} />
      </Field>
      <Field label="Priority" hint="1 is served first, 8 last" error={errorOf("priority")}>
        <NativeSelect {...r("priority")}>
          {[1, 2, 3, 4, 5, 6, 7, 8].map((p) => (
            <option key={p} value={String(p)}>
              {p}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Queue type" hint="e.g. default-small, pcq-download-default" error={errorOf("queueType")}>
        <Input autoComplete="off" {...r("queueType")} />
      </Field>
      <Field label="Site" error={errorOf("siteId")}>
        <NativeSelect {...r("siteId")}>
          <option value="">No site</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Plan" error={errorOf("planId")}>
        <NativeSelect {...r("planId")}>
          <option value="">No plan</option>
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Comment" error={errorOf("comment")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input autoComplete="off" {...r("comment")} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : nodeId ? "Save queue" : "Add queue"}
        </Button>
      </div>
    </form>
  );
}
