"use client";
import { useId, useLayoutEffect, useRef } from "react";
import { keepFocusOn } from "@/components/ui/return-focus";

/**
 * A modal dialog on the browser's own <dialog>, for pages that must stay light on phones (the technician's): the
 * browser traps focus, closes it on Escape and a tap outside closes it too; it looks like DialogContent. `open` is the
 * caller's state and `onClose` is called however it closes. Focus goes back to the control that opened it, or to the
 * page's heading when a refresh removed that control (a closed job has no "Close job" button). The content mounts at
 * each opening, so a form in it starts empty. `busy` keeps it open while its action runs.
 */
export function ModalDialog({
  open,
  onClose,
  title,
  description,
  busy = false,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  busy?: boolean;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const descriptionId = useId();
  // Before paint, so neither an empty dialog nor a closed one's content is ever seen.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);
  const close = () => {
    if (!busy) ref.current?.close();
  };
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        if (busy) event.preventDefault();
      }}
      onClose={() => {
        onClose();
        keepFocusOn(opener.current);
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) close();
      }}
      className="m-auto max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg overflow-y-auto rounded-lg border bg-card p-0 text-card-foreground shadow-xl backdrop:bg-black/60"
    >
      <div className="p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {description ? (
          <p id={descriptionId} className="mt-1 text-sm text-muted-foreground">
            {description}
          </p>
        ) : null}
        <div className="mt-4">{open ? children : null}</div>
        <button type="button" onClick={close} className="absolute right-3 top-3 rounded p-1 text-muted-foreground hover:bg-muted" aria-label="Close">
          <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
            <path d="M18 6 6 18M6 6l12 12" />
          </svg>
        </button>
      </div>
    </dialog>
  );
}
