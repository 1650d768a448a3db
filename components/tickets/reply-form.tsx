"use client";
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/core/action";
import type { ReplyValues } from "@/lib/tickets/rules";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field, CheckboxField } from "@/components/forms/field";
import { Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { FileUploadField } from "@/components/documents/file-upload-field";
import { postFormData } from "@/components/documents/post-form";

type Sent = { id: string; internal: boolean };

async function postMessage(ticketId: string, values: ReplyValues, files: File[]): Promise<ActionResult<Sent>> {
  const body = new FormData();
  body.set("body", values.body);
  body.set("internal", String(values.internal));
  for (const file of files) body.append("files", file);
  const result = await postFormData<Sent>(`/tickets/${ticketId}/messages`, body);
  // The storage check names its field `file`; here the field is `files`.
  if (!result.ok && result.fieldErrors?.file) result.fieldErrors = { ...result.fieldErrors, files: result.fieldErrors.file };
  return result;
}

/** A public reply (the customer is told) or an internal note (staff only), with attachments. */
export function ReplyForm({ ticketId, maxBytes, customerLinked }: { ticketId: string; maxBytes: number; customerLinked: boolean }) {
  const router = useRouter();
  const [files, setFiles] = useState<File[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tickets/rules").then((m) => m.replySchema),
    defaultValues: { ticketId, body: "", internal: !customerLinked },
    action: ((values: ReplyValues) => postMessage(ticketId, values, files)) as (input: never) => Promise<ActionResult<Sent>>,
    successMessage: (data) => (data.internal ? "Internal note added." : "Reply sent."),
    onSuccess: (data) => {
      form.reset({ ticketId, body: "", internal: data.internal });
      setFiles([]);
      if (fileInput.current) fileInput.current.value = "";
      router.refresh();
    },
  });
  const internal = form.watch("internal");
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3">
      <Field
        label={internal ? "Internal note" : "Reply to the customer"}
        hint={internal ? "Only staff see internal notes." : customerLinked ? "The customer sees this and is notified." : undefined}
        error={errorOf("body")}
      >
        <Textarea rows={4} className={internal ? "border-dashed border-warning" : undefined} {...form.register("body")} />
      </Field>
      <CheckboxField label="Internal note (not shown to the customer)" {...form.register("internal")} />
      <FileUploadField
        label="Attachments"
        name="files"
        multiple
        maxBytes={maxBytes}
        onChange={setFiles}
        error={errorOf("files")}
        inputRef={fileInput}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : internal ? "Add internal note" : "Send reply"}
        </Button>
      </div>
    </form>
  );
}
