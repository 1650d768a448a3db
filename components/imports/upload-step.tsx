"use client";
import { useRef, useState } from "react";
import { FileUp, Loader2 } from "lucide-react";
import { cn } from "@/lib/core/cn";
import { MAX_IMPORT_BYTES, tooLargeMessage } from "@/lib/imports/fields";

/** Step 1: choose or drop a CSV. Size and type are checked here too, before anything is sent. */
export function UploadStep({
  busy,
  error,
  onFile,
  onError,
}: {
  busy: boolean;
  error: string | null;
  onFile: (file: File) => void;
  onError: (message: string) => void;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const accept = (file: File | undefined) => {
    if (!file) return;
    if (/\.(xlsx|xls|ods|numbers)$/i.test(file.name)) {
      onError("This is a spreadsheet file, not a CSV: in Excel choose File › Save As › CSV UTF-8 (comma delimited) and upload that file.");
    } else if (file.size > MAX_IMPORT_BYTES) {
      onError(tooLargeMessage(file.size));
    } else if (file.size === 0) {
      onError("The file is empty.");
    } else {
      onFile(file);
    }
    if (inputRef.current) inputRef.current.value = "";
  };

  return (
    <div className="flex flex-col gap-3">
      <label
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (!busy) accept(e.dataTransfer.files[0]);
        }}
        className={cn(
          "flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed p-8 text-center transition-colors focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-ring hover:border-primary",
          dragging && "border-primary bg-muted",
          busy && "pointer-events-none opacity-70",
        )}
      >
        {busy ? (
          <Loader2 className="size-8 animate-spin text-primary" aria-hidden="true" />
        ) : (
          <FileUp className="size-8 text-primary" aria-hidden="true" />
        )}
        <span className="text-base font-semibold">{busy ? "Reading your file…" : "Drop your CSV file here, or choose one"}</span>
        <span className="text-sm text-muted-foreground">CSV UTF-8, up to 50 MB. The first line must hold the column names.</span>
        <input
          ref={inputRef}
          type="file"
          accept=".csv,text/csv,.txt"
          className="sr-only"
          disabled={busy}
          aria-describedby={error ? "import-upload-error" : undefined}
          onChange={(e) => accept(e.target.files?.[0])}
        />
      </label>
      {error ? (
        <p id="import-upload-error" role="alert" className="rounded-md border border-danger/50 p-3 text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
