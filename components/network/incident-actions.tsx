"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import {
  acknowledgeIncidentAction,
  assignIncidentAction,
  commentOnIncidentAction,
  resolveIncidentAction,
  sendAllClearAction,
  sendOutageNoticeAction,
} from "@/lib/alerts/actions/incidents";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";

const loadForms = () => import("@/lib/alerts/forms");

export function AcknowledgeForm({ incidentId }: { incidentId: string }) {
  const router = useRouter();
  const { submit, pending } = useActionForm({
    loadSchema: () => loadForms().then((m) => m.incidentRefSchema),
    defaultValues: { incidentId },
    action: acknowledgeIncidentAction,
    successMessage: "Acknowledged: escalation stops and the team sees you are on it.",
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Acknowledge"}
      </Button>
    </form>
  );
}

export function AssignIncidentForm({
  incidentId,
  staff,
  assignedTo,
  selfId,
}: {
  incidentId: string;
  staff: { id: string; name: string }[];
  assignedTo: string | null;
  selfId: string;
}) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => loadForms().then((m) => m.assignIncidentSchema),
    defaultValues: { incidentId, userId: assignedTo ?? "" },
    action: assignIncidentAction,
    successMessage: (data) => (data.userId ? "Assigned." : "Nobody is assigned now."),
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-wrap items-end gap-2">
      <Field label="Assigned to" error={errorOf("userId")} className="flex min-w-44 flex-1 flex-col gap-1.5">
        <NativeSelect {...form.register("userId")}>
          <option value="">Nobody</option>
          {staff.map((member) => (
            <option key={member.id} value={member.id}>
              {member.id === selfId ? `${member.name} (you)` : member.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? "Saving…" : "Assign"}
      </Button>
    </form>
  );
}

export function CommentForm({ incidentId }: { incidentId: string }) {
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => loadForms().then((m) => m.incidentCommentSchema),
    defaultValues: { incidentId, body: "" },
    action: commentOnIncidentAction,
    successMessage: "Comment added to the timeline.",
    resetOnSuccess: true,
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-2">
      <Field label="Comment" hint="Staff only: subscribers never see the timeline" error={errorOf("body")}>
        <Textarea rows={3} {...form.register("body")} />
      </Field>
      <div>
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? "Saving…" : "Add comment"}
        </Button>
      </div>
    </form>
  );
}

export function ResolveForm({ incidentId }: { incidentId: string }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => loadForms().then((m) => m.resolveIncidentSchema),
    defaultValues: { incidentId, note: "" },
    action: resolveIncidentAction,
    successMessage: "Resolved.",
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-2">
      <Field label="Resolution note" hint="What was wrong and what fixed it" error={errorOf("note")}>
        <Input autoComplete="off" {...form.register("note")} />
      </Field>
      <div>
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? "Saving…" : "Resolve"}
        </Button>
      </div>
    </form>
  );
}

/**
 * The outage notice or the all-clear to the subscribers behind the incident: area and note, then a confirmation that
 * says how many subscribers will get it, since messages to subscribers cannot be taken back.
 */
export function SubscriberMessageForm({
  incidentId,
  allClear,
  area,
  subscribers,
}: {
  incidentId: string;
  allClear: boolean;
  area: string;
  subscribers: number;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => loadForms().then((m) => (allClear ? m.allClearSchema : m.outageNoticeSchema)),
    defaultValues: { incidentId, area, note: "" },
    action: allClear ? sendAllClearAction : sendOutageNoticeAction,
    successMessage: (data) => `${allClear ? "All-clear" : "Outage notice"} queued: ${data.queued} message${data.queued === 1 ? "" : "s"}.`,
    onSuccess: () => {
      setConfirming(false);
      router.refresh();
    },
  });
  const who = `${subscribers.toLocaleString("en-PH")} subscriber${subscribers === 1 ? "" : "s"}`;
  const label = allClear ? "Send the all-clear" : "Send outage notice";
  return (
    <form method="post" onSubmit={(event) => event.preventDefault()} noValidate className="flex flex-col gap-2">
      <Field label="Area" hint="As subscribers know it: the tower, the barangay" error={errorOf("area")}>
        <Input autoComplete="off" {...form.register("area")} />
      </Field>
      <Field label={allClear ? "Note (optional)" : "What we are doing (optional)"} error={errorOf("note")}>
        <Input autoComplete="off" {...form.register("note")} />
      </Field>
      <div>
        <Button
          type="button"
          variant="outline"
          disabled={pending || subscribers === 0}
          onClick={async () => {
            // Fields first: the confirmation only opens for a message that can go out.
            if (await form.trigger()) setConfirming(true);
          }}
        >
          {label}…
        </Button>
      </div>
      <ModalDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        busy={pending}
        title={`${label} to ${who}?`}
        description={`Each of the ${who} behind this incident gets ${allClear ? "a message that service is back" : "a message about the outage"} by their usual channels. It goes out once and cannot be taken back.`}
      >
        <div className="flex flex-wrap justify-end gap-2">
          <Button type="button" variant="outline" disabled={pending} onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button type="button" disabled={pending} onClick={() => submit()}>
            {pending ? "Sending…" : `Send to ${who}`}
          </Button>
        </div>
      </ModalDialog>
    </form>
  );
}
