"use client";
import { useState } from "react";
import { saveWebhookEndpointAction } from "@/lib/webhooks/actions/endpoints";
import type { EndpointFormValues } from "@/lib/webhooks/forms";
import { webhookEventAreas, webhookEventLabels, type WebhookEventType } from "@/lib/webhooks/values";
import { useDialogActionForm } from "@/components/forms/use-dialog-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { SecretDialog } from "@/components/webhooks/secret-dialog";

/** An endpoint as the page hands it to the form: never its secret. */
export type EndpointFormRow = { id: string; url: string; description: string; events: WebhookEventType[] };

const valuesOf = (endpoint?: EndpointFormRow): EndpointFormValues =>
  endpoint
    ? { endpointId: endpoint.id, url: endpoint.url, description: endpoint.description, allEvents: endpoint.events.length === 0, events: endpoint.events }
    : { endpointId: "", url: "", description: "", allEvents: true, events: [] };

/** Add an endpoint (no `endpoint`; its new secret is shown once afterwards) or edit one. */
export function EndpointDialog({ endpoint }: { endpoint?: EndpointFormRow }) {
  const [secret, setSecret] = useState<string | null>(null);
  const { form, submit, pending, errorOf, open, setOpen, openFresh } = useDialogActionForm({
    loadSchema: () => import("@/lib/webhooks/forms").then((m) => m.endpointFieldsSchema),
    defaultValues: valuesOf(endpoint),
    action: saveWebhookEndpointAction,
    successMessage: endpoint ? "Endpoint saved." : "Endpoint added. Copy its signing secret now.",
    onSuccess: (result: { secret: string | null }) => setSecret(result.secret),
  });
  const allEvents = form.watch("allEvents");
  const title = endpoint ? "Edit endpoint" : "Add an endpoint";
  return (
    <>
      <Dialog open={open} onOpenChange={setOpen}>
        <Button size="sm" variant={endpoint ? "outline" : "default"} onClick={openFresh}>
          {endpoint ? "Edit" : "Add an endpoint"}
        </Button>
        <DialogContent title={title} description="NetSphere posts each event you choose to this address, signed with the endpoint's secret (Standard Webhooks).">
          <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
            <Field label="Endpoint URL" hint="https://, reachable from the internet" error={errorOf("url")}>
              <Input type="url" inputMode="url" placeholder="https://example.com/netsphere/webhooks" autoComplete="off" {...form.register("url")} />
            </Field>
            <Field label="Description (optional)" error={errorOf("description")}>
              <Input placeholder="Accounting system" autoComplete="off" {...form.register("description")} />
            </Field>
            <CheckboxField label="Send all events (also ones added later)" {...form.register("allEvents")} />
            <fieldset disabled={allEvents} className="flex flex-col gap-3 disabled:opacity-60" aria-describedby={errorOf("events") ? "events-error" : undefined}>
              <legend className="mb-1 text-sm font-medium">Or only these events</legend>
              <div className="grid gap-3 sm:grid-cols-2">
                {webhookEventAreas.map(({ area, events }) => (
                  <fieldset key={area} className="flex flex-col gap-1.5">
                    <legend className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{area}</legend>
                    {events.map((type) => (
                      <label key={type} className="flex items-start gap-2 text-sm">
                        <input type="checkbox" value={type} className="mt-0.5 size-4 shrink-0 accent-[var(--primary)]" {...form.register("events")} />
                        <span>
                          <span className="font-mono text-xs">{type}</span>
                          <span className="block text-xs text-muted-foreground">{webhookEventLabels[type]}</span>
                        </span>
                      </label>
                    ))}
                  </fieldset>
                ))}
              </div>
              {errorOf("events") ? (
                <p id="events-error" className="text-xs font-medium text-danger" role="alert">
                  {errorOf("events")}
                </p>
              ) : null}
            </fieldset>
            <div>
              <Button type="submit" disabled={pending}>
                {pending ? "Saving…" : endpoint ? "Save endpoint" : "Add endpoint"}
              </Button>
            </div>
          </form>
        </DialogContent>
      </Dialog>
      {secret ? <SecretDialog secret={secret} onClose={() => setSecret(null)} /> : null}
    </>
  );
}
