"use client";
import { useState, type Ref } from "react";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { allowedTypesText, formatBytes, uploadAccept } from "@/lib/storage/file-types";

export type FileUploadFieldProps = {
  /** The visible label, e.g. "File" or "Photos". */
  label: string;
  /** The server's limit (`uploadLimitBytes()` passed down from the page): shown in the hint and checked before anything is sent. */
  maxBytes: number;
  /** Called with the chosen files that passed the size check (`[]` when none did or the choice was cleared). */
  onChange: (files: File[]) => void;
  /** An error from the form or the server (e.g. `errorOf("file")`); shown instead of the field's own size message. */
  error?: string;
  /** Several files at once (ticket attachments, work-log photos). */
  multiple?: boolean;
  /** On phones, open the camera straight away ("environment" = the back camera). */
  capture?: "environment" | "user";
  /** The picker's filter; defaults to every allowed type. Only a hint: the server checks the bytes. */
  accept?: string;
  /** Replaces the default hint ("PDF, JPEG, PNG, WebP, HEIC, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx), up to 10 MB"). */
  hint?: string;
  name?: string;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
};

/**
 * A labelled file input that states what may be uploaded, refuses empty and oversized files at once
 * (the server checks again, and checks the type by content), and lists what was chosen.
 */
export function FileUploadField({
  label,
  maxBytes,
  onChange,
  error,
  multiple,
  capture,
  accept = uploadAccept,
  hint,
  name = "file",
  disabled,
  inputRef,
}: FileUploadFieldProps) {
  const [chosen, setChosen] = useState<File[]>([]);
  const [ownError, setOwnError] = useState<string | undefined>();
  return (
    <div className="flex flex-col gap-1.5">
      <Field label={label} hint={hint ?? `${allowedTypesText}, up to ${formatBytes(maxBytes)}${multiple ? " each" : ""}.`} error={error ?? ownError}>
        <Input
          ref={inputRef}
          type="file"
          name={name}
          accept={accept}
          multiple={multiple}
          capture={capture}
          disabled={disabled}
          className="h-auto py-1.5 file:mr-3 file:rounded file:border-0 file:bg-muted file:px-2 file:py-1 file:text-sm file:font-medium file:text-foreground"
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            const problems = files.flatMap((f) =>
              f.size === 0
                ? [`${f.name} is empty.`]
                : f.size > maxBytes
                  ? [`${f.name} is ${formatBytes(f.size)}; files up to ${formatBytes(maxBytes)} can be uploaded.`]
                  : [],
            );
            const ok = files.filter((f) => f.size > 0 && f.size <= maxBytes);
            setOwnError(problems.length ? problems.join(" ") : undefined);
            setChosen(ok);
            onChange(ok);
          }}
        />
      </Field>
      {chosen.length > 1 ? (
        <ul className="text-xs text-muted-foreground" aria-label="Chosen files">
          {chosen.map((f) => (
            <li key={`${f.name}-${f.size}-${f.lastModified}`}>
              {f.name} · {formatBytes(f.size)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
