"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { changeMacBindingAction, kickSubscriberAction, resetServicePasswordAction } from "@/lib/network/actions/field";
import { changeTicketStatusAction } from "@/lib/tickets/actions/tickets";
import { textFields, usePlainForm } from "@/components/forms/use-plain-form";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { buttonVariants, inputClassName, textareaClassName } from "@/components/ui/classes";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { ModalDialog } from "@/components/ui/modal-dialog";

/*
 * The job page's dialogs, fetched on demand (see useJobDialogs): each is open while its `open` is true and calls
 * `onClose` however it closes.
 */

type DialogProps = { open: boolean; onClose: () => void };

/** Asks before disconnecting; a refusal stays in the dialog as well as in the toast. */
export function KickSessionDialog({
  open,
  onClose,
  subscriptionId,
  username,
  onKicked,
}: DialogProps & { subscriptionId: string; username: string; onKicked: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const kick = () =>
    start(async () => {
      const result = await kickSubscriberAction({ subscriptionId });
      if (!result.ok) {
        setError(result.message);
        toast.error(result.message);
        return;
      }
      toast.success(`${username} was disconnected; the CPE will log in again.`);
      onClose();
      onKicked();
    });
  return (
    <ModalDialog
      open={open}
      onClose={() => {
        setError(null);
        onClose();
      }}
      busy={pending}
      title={`Kick ${username}?`}
      description="The subscriber is disconnected now; the CPE logs in again by itself within a minute."
    >
      {error ? <p className="mb-4 text-sm font-medium text-danger">{error}</p> : null}
      <div className="flex flex-wrap justify-end gap-2">
        <FocusKeepingButton type="button" className={buttonVariants({ variant: "outline" })} disabled={pending} onClick={onClose}>
          Cancel
        </FocusKeepingButton>
        <FocusKeepingButton type="button" className={buttonVariants({ variant: "danger" })} disabled={pending} onClick={kick}>
          {pending ? "Working…" : "Kick session"}
        </FocusKeepingButton>
      </div>
    </ModalDialog>
  );
}

export function ResetPasswordDialog({ open, onClose, subscriptionId, username }: DialogProps & { subscriptionId: string; username: string }) {
  const [shown, setShown] = useState<string | null>(null);
  const { submit, pending, errorOf } = usePlainForm({
    loadSchema: () => import("@/lib/network/mac").then((m) => m.servicePasswordFormSchema),
    action: resetServicePasswordAction,
    toInput: (fields) => ({ subscriptionId, password: textFields(fields, ["password"]).password }),
    onSuccess: (data: { password: string }) => setShown(data.password),
  });
  return (
    <ModalDialog
      open={open}
      onClose={() => {
        setShown(null);
        onClose();
      }}
      busy={pending}
      title={`New password for ${username}`}
      description="The router gets it within seconds; set the same password on the customer's router or ONU."
    >
      {shown ? (
        <div className="space-y-3">
          <p className="text-sm">The new password (shown once):</p>
          <p className="rounded bg-muted p-3 font-mono text-lg" data-testid="new-password">
            {shown}
          </p>
          <button type="button" className={buttonVariants()} onClick={onClose}>
            Done
          </button>
        </div>
      ) : (
        <form method="post" onSubmit={submit} className="space-y-4" noValidate>
          <Field label="Password (leave empty to generate one)" error={errorOf("password")}>
            <input name="password" className={inputClassName} autoComplete="off" />
          </Field>
          <SubmitButton pending={pending} pendingLabel="Saving…">
            Set new password
          </SubmitButton>
        </form>
      )}
    </ModalDialog>
  );
}

export function MacBindingDialog({
  open,
  onClose,
  subscriptionId,
  current,
  onSaved,
}: DialogProps & { subscriptionId: string; current: string | null; onSaved: (macAddress: string | null) => void }) {
  const { submit, pending, errorOf } = usePlainForm({
    loadSchema: () => import("@/lib/network/mac").then((m) => m.macBindingFormSchema),
    action: changeMacBindingAction,
    toInput: (fields) => ({ subscriptionId, macAddress: textFields(fields, ["macAddress"]).macAddress }),
    onSuccess: (data: { macAddress: string | null; changed: boolean }) => {
      toast.success(!data.changed ? "The MAC binding was already that." : data.macAddress ? `Bound to ${data.macAddress}.` : "MAC binding removed.");
      onClose();
      onSaved(data.macAddress);
    },
  });
  return (
    <ModalDialog
      open={open}
      onClose={onClose}
      busy={pending}
      title="MAC binding"
      description="Only a CPE with this MAC can log in with the account. Leave empty to allow any device. Kick the session to apply it now."
    >
      <form method="post" onSubmit={submit} className="space-y-4" noValidate>
        <Field label="CPE MAC address" error={errorOf("macAddress")} hint="e.g. 4C:5E:0C:12:34:56">
          <input name="macAddress" className={inputClassName} autoComplete="off" autoCapitalize="characters" defaultValue={current ?? ""} />
        </Field>
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save binding
        </SubmitButton>
      </form>
    </ModalDialog>
  );
}

/** Resolves the ticket with a note on what fixed it. */
export function CloseJobDialog({ open, onClose, ticketId }: DialogProps & { ticketId: string }) {
  const router = useRouter();
  const { submit, pending, errorOf } = usePlainForm({
    loadSchema: () => import("@/lib/tickets/rules").then((m) => m.closeJobSchema),
    action: changeTicketStatusAction,
    toInput: (fields) => ({ ticketId, status: "resolved" as const, note: textFields(fields, ["note"]).note }),
    successMessage: "Job closed: the ticket is resolved.",
    onSuccess: () => {
      onClose();
      router.refresh();
    },
  });
  return (
    <ModalDialog
      open={open}
      onClose={onClose}
      busy={pending}
      title="Close job"
      description="Resolves the ticket; the note goes on the ticket and the customer's service history."
    >
      <form method="post" onSubmit={submit} className="space-y-4" noValidate>
        <Field label="What fixed it" error={errorOf("note")}>
          <textarea name="note" rows={4} className={textareaClassName} />
        </Field>
        <SubmitButton pending={pending} pendingLabel="Closing…">
          Close job
        </SubmitButton>
      </form>
    </ModalDialog>
  );
}
