"use client";
import { Dialog as D } from "radix-ui";
import { X } from "lucide-react";
import { cn } from "@/lib/core/cn";
import { useReturnFocus } from "@/components/ui/return-focus";
import type { DialogContentProps } from "@/components/ui/dialog";

/**
 * The Radix dialog itself (focus trap, scroll lock, outside click, Escape), loaded by components/ui/dialog.tsx when
 * the browser is idle after the page or at the first opening. The Root lives here, so the page's triggers need none of it.
 */
export function RadixDialogContent({
  open,
  onOpenChange,
  title,
  description,
  children,
  className,
  returnFocusTo,
  onOpenAutoFocus,
  onCloseAutoFocus,
  ...props
}: DialogContentProps & { open: boolean; onOpenChange: (open: boolean) => void }) {
  const returnFocus = useReturnFocus(returnFocusTo);
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <D.Content
          className={cn(
            "fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border bg-card p-5 shadow-xl",
            className,
          )}
          {...(description ? {} : { "aria-describedby": undefined })}
          {...props}
          onOpenAutoFocus={(event) => {
            returnFocus.onOpenAutoFocus();
            onOpenAutoFocus?.(event);
          }}
          onCloseAutoFocus={(event) => {
            onCloseAutoFocus?.(event);
            returnFocus.onCloseAutoFocus(event);
          }}
        >
          <D.Title className="text-lg font-semibold">{title}</D.Title>
          {description ? <D.Description className="mt-1 text-sm text-muted-foreground">{description}</D.Description> : null}
          <div className="mt-4">{children}</div>
          <D.Close className="absolute right-3 top-3 rounded p-1 text-muted-foreground hover:bg-muted" aria-label="Close">
            <X className="size-4" />
          </D.Close>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
