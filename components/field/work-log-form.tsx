"use client";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import type { FieldErrors } from "@/lib/core/errors";
import { useSchemaCheck } from "@/components/forms/use-schema-check";
import { Field } from "@/components/forms/field";
import { SubmitButton } from "@/components/forms/submit-button";
import { buttonVariants, inputClassName, textareaClassName } from "@/components/ui/classes";
import { queueWorkLog, syncWorkLogs } from "./offline-queue";

const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

const nowLocal = () => {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const toInstant = (local: string) => (local ? new Date(local).toISOString() : null);
const text = (fields: FormData, name: string) => {
  const value = fields.get(name);
  return typeof value === "string" ? value : "";
};

/** The form's fields as typed: what the phone's schema (workLogFormSchema) checks. */
function valuesOf(form: HTMLFormElement, rows: number) {
  const fields = new FormData(form);
  return {
    arrivedAt: text(fields, "arrivedAt"),
    departedAt: text(fields, "departedAt"),
    notes: text(fields, "notes"),
    materials: Array.from({ length: rows }, (_, index) => ({
      item: text(fields, `materials.${index}.item`),
      quantity: text(fields, `materials.${index}.quantity`),
      unit: text(fields, `materials.${index}.unit`),
    })),
  };
}

/**
 * The visit report. Saved on the phone first (IndexedDB), then sent: with no signal it waits in the
 * queue and goes out when the phone is back online. A plain form (no form library in the phone's first load); its
 * schema checks it in the browser once loaded, and the server checks it again when it is sent.
 */
export function WorkLogForm({
  ticketId,
  ticketLabel,
  icons,
}: {
  ticketId: string;
  ticketLabel: string;
  icons: { add: React.ReactNode; remove: React.ReactNode };
}) {
  const check = useSchemaCheck(() => import("@/lib/tickets/work-log-rules").then((m) => m.workLogFormSchema));
  const formRef = useRef<HTMLFormElement>(null);
  // Each material row's key; its fields are named by position (materials.0.item), as the schema's errors are.
  const [rows, setRows] = useState<number[]>([]);
  const nextRow = useRef(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  // Set by a save: once its errors show, focus moves to the first field in error.
  const focusFirstError = useRef(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const errorOf = (name: string) => errors[name]?.[0];

  useEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [errors]);

  const pickPhotos = (files: FileList | null) => {
    const chosen = [...(files ?? [])];
    const bad = chosen.find((f) => !f.type.startsWith("image/") || f.size > MAX_PHOTO_BYTES);
    setPhotoError(bad ? `${bad.name}: photos must be images of at most 10 MB` : null);
    setPhotos(bad ? [] : chosen);
  };

  /** "Now" fills the time and checks that field again (a departure before the arrival says so at once). */
  const setNow = async (name: "arrivedAt" | "departedAt") => {
    const form = formRef.current;
    const input = form?.elements.namedItem(name);
    if (!form || !(input instanceof HTMLInputElement)) return;
    input.value = nowLocal();
    const found = (await check(valuesOf(form, rows.length))) ?? {};
    setErrors((previous) => {
      const next = { ...previous };
      if (found[name]) next[name] = found[name];
      else delete next[name];
      return next;
    });
  };

  /** A removed row's errors would land on the row below it: the material rows are checked again at the next save. */
  const removeRow = (row: number) => {
    addButton.current?.focus();
    setRows((current) => current.filter((r) => r !== row));
    setErrors((previous) => Object.fromEntries(Object.entries(previous).filter(([name]) => !name.startsWith("materials."))));
  };

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    if (saving) return;
    const values = valuesOf(form, rows.length);
    setSaving(true);
    try {
      const found = await check(values);
      focusFirstError.current = true;
      setErrors(found ?? {});
      if (found || photoError) return;
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
          notes: values.notes.trim(),
          // Without signal before the check arrived, the values go unchecked; the server checks the entry with the
          // same rules when it is sent.
          materials: values.materials.map((m) => ({
            item: m.item.trim(),
            quantity: Number(m.quantity),
            ...(m.unit.trim() ? { unit: m.unit.trim() } : {}),
          })),
          recordedAt: new Date().toISOString(),
        },
        photos: photos.map((file) => ({ clientId: crypto.randomUUID(), name: file.name, type: file.type, blob: file })),
      });
      form.reset();
      setRows([]);
      setPhotos([]);
      const result = navigator.onLine ? await syncWorkLogs() : null;
      if (result && result.waiting === 0 && result.rejected === 0) toast.success("Work log saved.");
      else if (result && result.rejected > 0) toast.error("The server refused the work log; see the notice above.");
      else toast.info("Saved on this phone. It will be sent when you are back online.");
    } finally {
      setSaving(false);
    }
  };

  return (
    <form ref={formRef} method="post" onSubmit={submit} className="space-y-4" noValidate aria-label="Work log">
      <div className="grid gap-3 sm:grid-cols-2">
        <TimeField label="Arrived" name="arrivedAt" error={errorOf("arrivedAt")} onNow={setNow} />
        <TimeField label="Departed" name="departedAt" error={errorOf("departedAt")} onNow={setNow} />
      </div>
      <Field label="What was done" error={errorOf("notes")}>
        <textarea name="notes" rows={4} className={textareaClassName} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Materials used</legend>
        {rows.map((row, index) => (
          <div key={row} className="grid grid-cols-[1fr_5rem_4.5rem_auto] items-end gap-2">
            <Field label="Item" error={errorOf(`materials.${index}.item`)}>
              <input name={`materials.${index}.item`} className={inputClassName} />
            </Field>
            <Field label="Qty" error={errorOf(`materials.${index}.quantity`)}>
              <input name={`materials.${index}.quantity`} className={inputClassName} inputMode="decimal" defaultValue="1" />
            </Field>
            <Field label="Unit" error={errorOf(`materials.${index}.unit`)}>
              <input name={`materials.${index}.unit`} className={inputClassName} />
            </Field>
            <button
              type="button"
              className={buttonVariants({ variant: "ghost", size: "icon" })}
              onClick={() => removeRow(row)}
              aria-label={`Remove material ${index + 1}`}
            >
              {icons.remove}
            </button>
          </div>
        ))}
        <button
          ref={addButton}
          type="button"
          className={buttonVariants({ variant: "outline", size: "sm" })}
          onClick={() => setRows((current) => [...current, nextRow.current++])}
        >
          {icons.add} Add material
        </button>
      </fieldset>
      <Field label="Photos" error={photoError ?? undefined} hint={photos.length ? `${photos.length} selected` : "Images up to 10 MB each"}>
        <input className={inputClassName} type="file" accept="image/*" capture="environment" multiple onChange={(e) => pickPhotos(e.target.files)} />
      </Field>
      <SubmitButton pending={saving} pendingLabel="Saving…">
        Save work log
      </SubmitButton>
    </form>
  );
}

function TimeField({
  label,
  name,
  error,
  onNow,
}: {
  label: string;
  name: "arrivedAt" | "departedAt";
  error?: string;
  onNow: (name: "arrivedAt" | "departedAt") => void;
}) {
  return (
    <div className="flex items-end gap-2">
      <Field label={label} error={error} className="flex flex-1 flex-col gap-1.5">
        <input name={name} type="datetime-local" className={inputClassName} />
      </Field>
      <button type="button" className={buttonVariants({ variant: "outline" })} onClick={() => onNow(name)} aria-label={`${label} now`}>
        Now
      </button>
    </div>
  );
}
