"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/core/action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";

/**
 * A button that asks before it acts: opens a dialog, runs the Server Action on confirm and
 * announces the outcome with a toast. The action's revalidation refreshes the page data.
 */
export function ConfirmButton({
  label,
  ariaLabel,
  title,
  description,
  confirmLabel,
  successMessage,
  run,
  danger = false,
  variant = "outline",
  onDone,
}: {
  label: React.ReactNode;
  ariaLabel?: string;
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  successMessage: string;
  run: () => Promise<ActionResult<unknown>>;
  danger?: boolean;
  variant?: "outline" | "ghost" | "default" | "danger";
  onDone?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const confirm = () =>
    start(async () => {
      const result = await run();
      if (!result.ok) {
        // Kept in the dialog as well: a refusal ("a plan uses this class") outlives the toast.
        setError(result.message);
        toast.error(result.message);
        return;
      }
      toast.success(successMessage);
      setOpen(false);
      onDone?.();
    });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button type="button" variant={variant} size="sm" aria-label={ariaLabel}>
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        {error ? <p className="mb-4 text-sm font-medium text-danger">{error}</p> : null}
        <div className="flex flex-wrap justify-end gap-2">
          <DialogClose asChild>
            <Button type="button" variant="outline" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button type="button" variant={danger ? "danger" : "default"} onClick={confirm} disabled={pending}>
            {pending ? "Working…" : confirmLabel}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
