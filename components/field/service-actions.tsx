"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { changeMacBindingAction, kickSubscriberAction, reprovisionAction, resetServicePasswordAction } from "@/lib/network/actions/field";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { ConfirmButton } from "@/components/staff/confirm-button";

type Props = {
  subscriptionId: string;
  username: string;
  macAddress: string | null;
  canKick: boolean;
  canReprovision: boolean;
  /** Called after a change the live status should show (a kick, a re-provision). */
  onChanged: () => void;
};

/** What the technician may change on the subscriber's service; each change is audited on the server. */
export function ServiceActions({ subscriptionId, username, macAddress, canKick, canReprovision, onChanged }: Props) {
  const [pending, start] = useTransition();
  const reprovision = () =>
    start(async () => {
      const result = await reprovisionAction({ subscriptionId });
      if (!result.ok) return void toast.error(result.message);
      const { provisionState, provisionError, routerError } = result.data;
      if (routerError) toast.error(`The router was not reached: ${routerError} It will be retried automatically.`);
      else if (provisionState === "synced") toast.success(`${username} is in place on the router.`);
      else toast.warning(`${username}: ${provisionError ?? provisionState}`);
      onChanged();
    });
  return (
    <div className="flex flex-wrap gap-2">
      {canKick ? (
        // Disconnecting a subscriber is destructive like the other service changes: it asks first.
        <ConfirmButton
          label="Kick session"
          title={`Kick ${username}?`}
          description="The subscriber is disconnected now; the CPE logs in again by itself within a minute."
          confirmLabel="Kick session"
          successMessage={`${username} was disconnected; the CPE will log in again.`}
          run={() => kickSubscriberAction({ subscriptionId })}
          danger
          onDone={onChanged}
        />
      ) : null}
      {canReprovision ? (
        <>
          <Button variant="outline" disabled={pending} onClick={() => reprovision()}>
            Re-provision
          </Button>
          <ResetPassword subscriptionId={subscriptionId} username={username} />
          <MacBinding subscriptionId={subscriptionId} current={macAddress} onChanged={onChanged} />
        </>
      ) : null}
    </div>
  );
}

function ResetPassword({ subscriptionId, username }: { subscriptionId: string; username: string }) {
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/network/mac").then((m) => m.servicePasswordFormSchema),
    defaultValues: { password: "" },
    action: resetServicePasswordAction,
    toInput: ({ password }) => ({ subscriptionId, password }),
    onSuccess: (data: { password: string }) => setShown(data.password),
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setShown(null);
          form.reset({ password: "" });
        }
      }}
    >
      <Button variant="outline" onClick={() => setOpen(true)}>
        New password
      </Button>
      <DialogContent
        title={`New password for ${username}`}
        description="The router gets it within seconds; set the same password on the customer's router or ONU."
      >
        {shown ? (
          <div className="space-y-3">
            <p className="text-sm">The new password (shown once):</p>
            <p className="rounded bg-muted p-3 font-mono text-lg" data-testid="new-password">
              {shown}
            </p>
            <Button onClick={() => setOpen(false)}>Done</Button>
          </div>
        ) : (
          <form method="post" onSubmit={submit} className="space-y-4" noValidate>
            <Field label="Password (leave empty to generate one)" error={errorOf("password")}>
              <Input autoComplete="off" {...form.register("password")} />
            </Field>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Set new password"}
            </Button>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function MacBinding({ subscriptionId, current, onChanged }: { subscriptionId: string; current: string | null; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/network/mac").then((m) => m.macBindingFormSchema),
    defaultValues: { macAddress: current ?? "" },
    action: changeMacBindingAction,
    toInput: ({ macAddress }) => ({ subscriptionId, macAddress }),
    successMessage: (data: { macAddress: string | null; changed: boolean }) =>
      !data.changed ? "The MAC binding was already that." : data.macAddress ? `Bound to ${data.macAddress}.` : "MAC binding removed.",
    onSuccess: () => {
      setOpen(false);
      onChanged();
    },
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button variant="outline" onClick={() => setOpen(true)}>
        MAC binding
      </Button>
      <DialogContent
        title="MAC binding"
        description="Only a CPE with this MAC can log in with the account. Leave empty to allow any device. Kick the session to apply it now."
      >
        <form method="post" onSubmit={submit} className="space-y-4" noValidate>
          <Field label="CPE MAC address" error={errorOf("macAddress")} hint="e.g. 4C:5E:0C:12:34:56">
            <Input autoComplete="off" autoCapitalize="characters" {...form.register("macAddress")} />
          </Field>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save binding"}
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}
