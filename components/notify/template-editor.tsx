"use client";
import { useRef, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { resetTemplateAction, saveTemplateAction } from "@/lib/notify/actions/templates";
import { channelLabels, sampleData, type VariableSpec } from "@/lib/notify/events";
import { renderMessage, smsParts } from "@/lib/notify/render";
import type { TemplateInput } from "@/lib/notify/rules";
import type { NotificationChannel, NotificationEvent } from "@/lib/notify/schema";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input, Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

type Props = {
  event: NotificationEvent;
  channel: NotificationChannel;
  initial: { enabled: boolean; subject: string; body: string };
  custom: boolean;
  tenantName: string;
  variables: VariableSpec[];
};

/** Edits one event's wording on one channel, with a live preview from sample data and the variables it may use. */
export function TemplateEditor({ event, channel, initial, custom, tenantName, variables }: Props) {
  const router = useRouter();
  const [resetting, startReset] = useTransition();
  const defaults: TemplateInput = { event, channel, ...initial };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/notify/rules").then((m) => m.templateSchema),
    defaultValues: defaults,
    action: saveTemplateAction,
    successMessage: `${channelLabels[channel]} template saved.`,
    onSuccess: () => router.refresh(),
  });
  const lastField = useRef<"subject" | "body">("body");
  const subject = form.watch("subject") ?? "";
  const body = form.watch("body") ?? "";
  const preview = renderMessage({ subject, body }, sampleData(event, tenantName));
  const isEmail = channel === "email";

  const insert = (name: string) => {
    const field = isEmail ? lastField.current : "body";
    const element = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${field}"]`);
    const value = form.getValues(field) ?? "";
    const at = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? at;
    form.setValue(field, `${value.slice(0, at)}{{${name}}}${value.slice(end)}`, { shouldDirty: true });
    element?.focus();
  };

  const reset = () =>
    startReset(async () => {
      const result = await resetTemplateAction({ event, channel });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success("Back to the built-in wording.");
      router.refresh();
    });

  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
        <CheckboxField label={`Send this message by ${channelLabels[channel]}`} {...form.register("enabled")} />
        {isEmail ? (
          <Field label="Subject" error={errorOf("subject")}>
            <Input {...form.register("subject")} onFocus={() => (lastField.current = "subject")} autoComplete="off" />
          </Field>
        ) : null}
        <Field label="Message" hint="Write variables as {{name}}; a line whose variables are all empty is left out." error={errorOf("body")}>
          <Textarea {...form.register("body")} onFocus={() => (lastField.current = "body")} rows={isEmail ? 14 : 5} spellCheck />
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save template"}
          </Button>
          {custom ? (
            <Button type="button" variant="outline" onClick={reset} disabled={resetting}>
              {resetting ? "Resetting…" : "Use the built-in wording"}
            </Button>
          ) : null}
        </div>
        <section aria-labelledby="variables-title">
          <h3 id="variables-title" className="mb-2 text-sm font-semibold">
            Variables
          </h3>
          <ul className="grid gap-1 text-sm sm:grid-cols-2">
            {variables.map((v) => (
              <li key={v.name} className="flex min-w-0 flex-col">
                <Button
                  type="button"
                  variant="link"
                  className="h-auto justify-start px-0 py-0.5 font-mono"
                  onClick={() => insert(v.name)}
                  aria-label={`Insert {{${v.name}}}: ${v.description}`}
                >
                  {`{{${v.name}}}`}
                </Button>
                <span className="text-xs text-muted-foreground">{v.description}</span>
              </li>
            ))}
          </ul>
        </section>
      </form>
      <section aria-labelledby="preview-title" className="flex flex-col gap-2">
        <h3 id="preview-title" className="text-sm font-semibold">
          Preview with sample data
        </h3>
        <div className="rounded-lg border bg-muted/40 p-4 text-sm">
          {isEmail ? (
            <p className="mb-3 border-b pb-2">
              <span className="text-muted-foreground">Subject: </span>
              <span className="font-medium">{preview.subject || "—"}</span>
            </p>
          ) : null}
          <p className="whitespace-pre-wrap break-words">{preview.body || "Nothing to send: the message is empty."}</p>
        </div>
        {channel === "sms" ? (
          <p className="text-xs text-muted-foreground">
            {preview.body.length} characters, {smsParts(preview.body)} SMS {smsParts(preview.body) === 1 ? "part" : "parts"} with the sample data.
          </p>
        ) : null}
      </section>
    </div>
  );
}
