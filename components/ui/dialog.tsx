"use client";
import { useWhenIdle } from "@/components/ui/on-demand";
import { createContext, useContext, useState, type ComponentProps, type MouseEvent, type ReactNode } from "react";
import dynamic from "next/dynamic";
import { Slot } from "radix-ui";
import type { Dialog as D } from "radix-ui";

/*
 * Dialogs with their trigger in the page's first load and the Radix dialog (about 12 kB gzipped: focus trap, scroll
 * lock, layers) loaded when the browser is idle after the page, or at the first opening if sooner. The API is Radix's:
 * Dialog holds the open state, DialogTrigger and DialogClose change it, DialogContent is the dialog.
 */

const loadContent = () => import("@/components/ui/dialog-content");
const RadixDialogContent = dynamic(() => loadContent().then((module) => module.RadixDialogContent), { ssr: false });

type DialogState = { open: boolean; setOpen: (open: boolean) => void };
const DialogContext = createContext<DialogState | null>(null);

function useDialog(part: string): DialogState {
  const dialog = useContext(DialogContext);
  if (!dialog) throw new Error(`${part} must be inside a Dialog`);
  return dialog;
}

export function Dialog({
  open: controlled,
  defaultOpen = false,
  onOpenChange,
  children,
}: {
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  children: ReactNode;
}) {
  const [uncontrolled, setUncontrolled] = useState(defaultOpen);
  const open = controlled ?? uncontrolled;
  const setOpen = (next: boolean) => {
    if (controlled === undefined) setUncontrolled(next);
    onOpenChange?.(next);
  };
  useWhenIdle(loadContent);
  return <DialogContext.Provider value={{ open, setOpen }}>{children}</DialogContext.Provider>;
}

type SlotButtonProps = ComponentProps<"button"> & { asChild?: boolean };

function withClick(onClick: SlotButtonProps["onClick"], then: () => void) {
  return (event: MouseEvent<HTMLButtonElement>) => {
    onClick?.(event);
    if (!event.defaultPrevented) then();
  };
}

export function DialogTrigger({ asChild = false, onClick, ...props }: SlotButtonProps) {
  const dialog = useDialog("DialogTrigger");
  const Comp = asChild ? Slot.Root : "button";
  return (
    <Comp
      type={asChild ? undefined : "button"}
      aria-haspopup="dialog"
      aria-expanded={dialog.open}
      data-state={dialog.open ? "open" : "closed"}
      {...props}
      onClick={withClick(onClick, () => dialog.setOpen(true))}
    />
  );
}

export function DialogClose({ asChild = false, onClick, ...props }: SlotButtonProps) {
  const dialog = useDialog("DialogClose");
  const Comp = asChild ? Slot.Root : "button";
  return <Comp type={asChild ? undefined : "button"} {...props} onClick={withClick(onClick, () => dialog.setOpen(false))} />;
}

export type DialogContentProps = ComponentProps<typeof D.Content> & {
  title: string;
  description?: ReactNode;
  /** Where focus goes on close, when not the element that opened the dialog (e.g. the result of a save). */
  returnFocusTo?: () => Element | null | undefined;
};

export function DialogContent(props: DialogContentProps) {
  const { open, setOpen } = useDialog("DialogContent");
  // Mounted from the first opening on and kept after closing, so Radix hands focus back as the content closes.
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened ? <RadixDialogContent {...props} open={open} onOpenChange={setOpen} /> : null;
}
