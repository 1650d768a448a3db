"use client";
import { Trash2 } from "lucide-react";
import { deleteDocumentAction } from "@/lib/storage/actions/documents";
import { ConfirmButton } from "@/components/staff/confirm-button";

/** Delete with confirmation; the customer's timeline records who deleted what. */
export function DeleteDocument({ file }: { file: { id: string; filename: string } }) {
  return (
    <ConfirmButton
      label={<Trash2 aria-hidden />}
      ariaLabel={`Delete ${file.filename}`}
      title="Delete this document?"
      description={
        <>
          <span className="font-medium text-foreground">{file.filename}</span> is removed from storage and can no longer be opened. The
          customer&apos;s timeline keeps a record of the deletion.
        </>
      }
      confirmLabel="Delete document"
      successMessage={`${file.filename} deleted.`}
      run={() => deleteDocumentAction({ fileId: file.id })}
      danger
      variant="ghost"
    />
  );
}
