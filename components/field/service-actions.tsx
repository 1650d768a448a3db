"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { reprovisionAction } from "@/lib/network/actions/field";
import { buttonVariants } from "@/components/ui/classes";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { useJobDialogs } from "./use-job-dialogs";

type Props = {
  subscriptionId: string;
  username: string;
  macAddress: string | null;
  canKick: boolean;
  canReprovision: boolean;
  /** Called after a change the live status should show (a kick, a re-provision). */
  onChanged: () => void;
};

type Opened = "kick" | "password" | "mac" | null;

const outline = buttonVariants({ variant: "outline" });

/** What the technician may change on the subscriber's service; each change is audited on the server. */
export function ServiceActions({ subscriptionId, username, macAddress, canKick, canReprovision, onChanged }: Props) {
  const [pending, start] = useTransition();
  const { dialogs, whenLoaded } = useJobDialogs();
  const [opened, setOpened] = useState<Opened>(null);
  // The binding as last saved here: the MAC binding form opens with it.
  const [bound, setBound] = useState(macAddress);
  const open = (which: Opened) => whenLoaded(() => setOpened(which));
  const close = () => setOpened(null);
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
        <button type="button" className={outline} aria-haspopup="dialog" onClick={() => open("kick")}>
          Kick session
        </button>
      ) : null}
      {canReprovision ? (
        <>
          <FocusKeepingButton type="button" className={outline} disabled={pending} onClick={reprovision}>
            Re-provision
          </FocusKeepingButton>
          <button type="button" className={outline} aria-haspopup="dialog" onClick={() => open("password")}>
            New password
          </button>
          <button type="button" className={outline} aria-haspopup="dialog" onClick={() => open("mac")}>
            MAC binding
          </button>
        </>
      ) : null}
      {dialogs ? (
        <>
          <dialogs.KickSessionDialog
            open={opened === "kick"}
            onClose={close}
            subscriptionId={subscriptionId}
            username={username}
            onKicked={onChanged}
          />
          <dialogs.ResetPasswordDialog open={opened === "password"} onClose={close} subscriptionId={subscriptionId} username={username} />
          <dialogs.MacBindingDialog
            open={opened === "mac"}
            onClose={close}
            subscriptionId={subscriptionId}
            current={bound}
            onSaved={(saved) => {
              setBound(saved);
              onChanged();
            }}
          />
        </>
      ) : null}
    </div>
  );
}
