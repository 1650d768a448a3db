"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import type { z } from "zod";
import { Upload } from "lucide-react";
import { customerDocumentKinds, documentKindLabels } from "@/lib/storage/values";
import type { documentUploadSchema } from "@/lib/storage/document-form";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { FileUploadField } from "@/components/documents/file-upload-field";
import { postFormData } from "@/components/documents/post-form";

type Values = z.input<typeof documentUploadSchema>;

/** "Upload document": kind, optional title and the file, sent to the customer's documents route. */
export function UploadDocument({ customerId, maxBytes }: { customerId: string; maxBytes: number }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const initial: Partial<Values> = { kind: "contract", title: "" };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/storage/document-form").then((m) => m.documentUploadSchema),
    defaultValues: initial,
    action: (values: Values) => {
      const body = new FormData();
      body.set("kind", values.kind);
      body.set("title", values.title ?? "");
      body.set("file", values.file);
      return postFormData<{ id: string; filename: string }>(`/api/customers/${customerId}/documents`, body);
    },
    successMessage: (d: { filename: string }) => `${d.filename} uploaded.`,
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        if (next) form.reset(initial);
        setOpen(next);
      }}
    >
      <Button size="sm" onClick={() => setOpen(true)}>
        <Upload aria-hidden />
        Upload document
      </Button>
      <DialogContent title="Upload a document" description="Contracts, IDs, installation photos and proofs of billing. Only staff can open them.">
        <form method="post" onSubmit={submit} noValidate className="grid gap-3">
          <Field label="Kind" error={errorOf("kind")}>
            <NativeSelect {...form.register("kind")}>
              {customerDocumentKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {documentKindLabels[kind]}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Title (optional)" hint="Shown instead of the file's own name" error={errorOf("title")}>
            <Input autoComplete="off" {...form.register("title")} />
          </Field>
          <FileUploadField
            label="File"
            maxBytes={maxBytes}
            error={errorOf("file")}
            onChange={(files) => form.setValue("file", files[0] as File, { shouldValidate: form.formState.isSubmitted })}
          />
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Uploading…" : "Upload"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
