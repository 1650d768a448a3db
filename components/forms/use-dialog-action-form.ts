"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import type { FieldValues } from "react-hook-form";
import type { z } from "zod";
import { useActionForm } from "@/components/forms/use-action-form";

/**
 * useActionForm inside a dialog: `openFresh` resets the form to its starting values and opens it; success closes it
 * and refreshes the page's server data (then calls `onSuccess`, if given).
 */
export function useDialogActionForm<S extends z.ZodType<FieldValues, FieldValues>, R>(options: Parameters<typeof useActionForm<S, R>>[0]) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { onSuccess } = options;
  const actionForm = useActionForm<S, R>({
    ...options,
    onSuccess: (data: R) => {
      setOpen(false);
      router.refresh();
      onSuccess?.(data);
    },
  } as Parameters<typeof useActionForm<S, R>>[0]);
  const openFresh = () => {
    actionForm.form.reset(options.defaultValues);
    setOpen(true);
  };
  return { ...actionForm, open, setOpen, openFresh };
}
