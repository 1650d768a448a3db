"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import {
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rotateWebhookSecretAction,
  sendWebhookTestAction,
  setWebhookEndpointEnabledAction,
} from "@/lib/webhooks/actions/endpoints";
import type { ActionResult } from "@/lib/core/action";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/staff/confirm-button";
import { SecretDialog } from "@/components/webhooks/secret-dialog";

type Outcome = { status: "delivered" | "retrying" | "failed"; responseStatus: number | null; error: string | null };

/** An attempt's result in a sentence for the toast. */
function announce(result: ActionResult<Outcome>, what: string) {
  if (!result.ok) {
    toast.error(result.message);
    return;
  }
  const { status, responseStatus, error } = result.data;
  if (status === "delivered") toast.success(`${what} delivered (${responseStatus}).`);
  else toast.error(`${what} not delivered: ${error ?? "no answer"}${status === "retrying" ? " It will be tried again." : ""}`);
}

/** Switch on/off, send a test event, rotate the secret and delete: the endpoint page's buttons. */
export function EndpointActions({ endpointId, url, enabled }: { endpointId: string; url: string; enabled: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [secret, setSecret] = useState<string | null>(null);
  const toggle = () =>
    start(async () => {
      const result = await setWebhookEndpointEnabledAction({ endpointId, enabled: !enabled });
      if (!result.ok) return void toast.error(result.message);
      toast.success(
        result.data.enabled
          ? `Endpoint switched on${result.data.released > 0 ? `: ${result.data.released} waiting ${result.data.released === 1 ? "delivery goes" : "deliveries go"} out now` : ""}.`
          : "Endpoint switched off: no new events are queued for it.",
      );
      router.refresh();
    });
  const test = () =>
    start(async () => {
      announce(await sendWebhookTestAction({ endpointId }), "Test event");
      router.refresh();
    });
  return (
    <div className="flex flex-wrap gap-2">
      <Button type="button" size="sm" onClick={test} disabled={pending}>
        Send a test event
      </Button>
      <Button type="button" size="sm" variant="outline" onClick={toggle} disabled={pending}>
        {enabled ? "Switch off" : "Switch on"}
      </Button>
      <ConfirmButton
        label="Rotate secret"
        title="Rotate the signing secret?"
        description="A new secret is made and shown once. The current one keeps signing beside it for 24 hours, so the receiving system can switch without losing events."
        confirmLabel="Rotate secret"
        successMessage="New secret made. Copy it now."
        run={async () => {
          const result = await rotateWebhookSecretAction({ endpointId });
          if (result.ok) setSecret(result.data.secret);
          return result;
        }}
        onDone={() => router.refresh()}
      />
      <ConfirmButton
        label="Delete"
        ariaLabel={`Delete endpoint ${url}`}
        title="Delete this endpoint?"
        description="NetSphere stops sending to it at once; its deliveries and their log are deleted with it."
        confirmLabel="Delete endpoint"
        successMessage="Endpoint deleted."
        danger
        run={() => deleteWebhookEndpointAction({ endpointId })}
        onDone={() => router.push("/settings/webhooks")}
      />
      {secret ? <SecretDialog secret={secret} rotated onClose={() => setSecret(null)} /> : null}
    </div>
  );
}

/** "Send again": a new attempt of one delivery now. */
export function ResendButton({ deliveryId, label }: { deliveryId: string; label: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const resend = () =>
    start(async () => {
      announce(await resendWebhookDeliveryAction({ deliveryId }), "Delivery");
      router.refresh();
    });
  return (
    <Button type="button" size="sm" variant="outline" onClick={resend} disabled={pending} aria-label={`Send again: ${label}`}>
      {pending ? "Sending…" : "Send again"}
    </Button>
  );
}
