"use client";
import "@/lib/core/zod-browser";
import { useTransition } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { toast } from "sonner";
import type { z } from "zod";
import type { ActionResult } from "@/lib/core/action";

/**
 * react-hook-form with the action's own zod schema; server field errors land on the fields,
 * values are kept, and the outcome is announced with a toast.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, R>({
  schema,
  defaultValues,
  action,
  successMessage,
  onSuccess,
  toInput = (v) => v,
}: {
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  action: (input: never) => Promise<ActionResult<R>>;
  successMessage?: string | ((data: R) => string);
  onSuccess?: (data: R) => void;
  toInput?: (values: z.input<S>) => unknown;
}) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues,
  });
  const [pending, startTransition] = useTransition();
  const submit = form.handleSubmit((_, event) => {
    event?.preventDefault();
    const raw = form.getValues();
    startTransition(async () => {
      const result = await (action as (input: unknown) => Promise<ActionResult<R>>)(toInput(raw));
      if (result.ok) {
        if (successMessage) toast.success(typeof successMessage === "function" ? successMessage(result.data) : successMessage);
        onSuccess?.(result.data);
        return;
      }
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        form.setError(field as Path<z.input<S>>, { message: messages[0] });
      }
      toast.error(result.message);
    });
  });
  const errorOf = (name: string) => {
    const parts = name.split(".");
    let node: unknown = form.formState.errors;
    for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p];
    return (node as { message?: string } | undefined)?.message;
  };
  return { form, submit, pending, errorOf };
}
