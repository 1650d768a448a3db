"use client";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Plus, Trash2 } from "lucide-react";
import { useSchemaResolver } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import { queueWorkLog, syncWorkLogs } from "./offline-queue";
import type { workLogFormSchema } from "@/lib/tickets/work-log-rules";

const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

type FormValues = z.input<typeof workLogFormSchema>;

const nowLocal = () => {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const toInstant = (local: string) => (local ? new Date(local).toISOString() : null);
const empty: FormValues = { arrivedAt: "", departedAt: "", notes: "", materials: [] };

/**
 * The visit report. Saved on the phone first (IndexedDB), then sent: with no signal it waits in the
 * queue and goes out when the phone is back online.
 */
export function WorkLogForm({ ticketId, ticketLabel }: { ticketId: string; ticketLabel: string }) {
  const resolver = useSchemaResolver({ loadSchema: () => import("@/lib/tickets/work-log-rules").then((m) => m.workLogFormSchema) });
  const form = useForm<FormValues, unknown, z.output<typeof workLogFormSchema>>({ resolver, defaultValues: empty });
  const materials = useFieldArray({ control: form.control, name: "materials" });
  const [photos, setPhotos] = useState<File[]>([]);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = form.formState.errors;

  const pickPhotos = (files: FileList | null) => {
    const chosen = [...(files ?? [])];
    const bad = chosen.find((f) => !f.type.startsWith("image/") || f.size > MAX_PHOTO_BYTES);
    setPhotoError(bad ? `${bad.name}: photos must be images of at most 10 MB` : null);
    setPhotos(bad ? [] : chosen);
  };

  const submit = form.handleSubmit(async (values) => {
    if (photoError) return;
    setSaving(true);
    try {
      const clientId = crypto.randomUUID();
      await queueWorkLog({
        clientId,
        ticketId,
        ticketLabel,
        entry: {
          clientId,
          ticketId,
          arrivedAt: toInstant(values.arrivedAt),
          departedAt: toInstant(values.departedAt),
          notes: values.notes,
          // Number(): without signal before the check arrived, the values come unchecked and quantities as typed;
          // the server then checks the entry with the same rules when it is sent.
          materials: values.materials.map((m) => ({ item: m.item, quantity: Number(m.quantity), ...(m.unit ? { unit: m.unit } : {}) })),
          recordedAt: new Date().toISOString(),
        },
        photos: photos.map((file) => ({ clientId: crypto.randomUUID(), name: file.name, type: file.type, blob: file })),
      });
      form.reset(empty);
      setPhotos([]);
      const result = navigator.onLine ? await syncWorkLogs() : null;
      if (result && result.waiting === 0 && result.rejected === 0) toast.success("Work log saved.");
      else if (result && result.rejected > 0) toast.error("The server refused the work log; see the notice above.");
      else toast.info("Saved on this phone. It will be sent when you are back online.");
    } finally {
      setSaving(false);
    }
  });

  return (
    <form method="post" onSubmit={submit} className="space-y-4" noValidate aria-label="Work log">
      <div className="grid gap-3 sm:grid-cols-2">
        <TimeField label="Arrived" name="arrivedAt" form={form} error={errors.arrivedAt?.message} />
        <TimeField label="Departed" name="departedAt" form={form} error={errors.departedAt?.message} />
      </div>
      <Field label="What was done" error={errors.notes?.message}>
        <Textarea rows={4} {...form.register("notes")} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Materials used</legend>
        {materials.fields.map((row, index) => (
          <div key={row.id} className="grid grid-cols-[1fr_5rem_4.5rem_auto] items-end gap-2">
            <Field label="Item" error={errors.materials?.[index]?.item?.message}>
              <Input {...form.register(`materials.${index}.item`)} />
            </Field>
            <Field label="Qty" error={errors.materials?.[index]?.quantity?.message}>
              <Input inputMode="decimal" {...form.register(`materials.${index}.quantity`)} />
            </Field>
            <Field label="Unit" error={errors.materials?.[index]?.unit?.message}>
              <Input {...form.register(`materials.${index}.unit`)} />
            </Field>
            <Button type="button" variant="ghost" size="icon" onClick={() => materials.remove(index)} aria-label={`Remove material ${index + 1}`}>
              <Trash2 aria-hidden="true" />
            </Button>
          </div>
        ))}
        <Button type="button" variant="outline" size="sm" onClick={() => materials.append({ item: "", quantity: "1", unit: "" })}>
          <Plus aria-hidden="true" /> Add material
        </Button>
      </fieldset>
      <Field label="Photos" error={photoError ?? undefined} hint={photos.length ? `${photos.length} selected` : "Images up to 10 MB each"}>
        <Input type="file" accept="image/*" capture="environment" multiple onChange={(e) => pickPhotos(e.target.files)} />
      </Field>
      <Button type="submit" disabled={saving}>
        {saving ? "Saving…" : "Save work log"}
      </Button>
    </form>
  );
}

function TimeField({
  label,
  name,
  form,
  error,
}: {
  label: string;
  name: "arrivedAt" | "departedAt";
  form: ReturnType<typeof useForm<FormValues, unknown, z.output<typeof workLogFormSchema>>>;
  error?: string;
}) {
  return (
    <div className="flex items-end gap-2">
      <Field label={label} error={error} className="flex flex-1 flex-col gap-1.5">
        <Input type="datetime-local" {...form.register(name)} />
      </Field>
      <Button type="button" variant="outline" onClick={() => form.setValue(name, nowLocal(), { shouldValidate: true })} aria-label={`${label} now`}>
        Now
      </Button>
    </div>
  );
}
