"use client";
import { useState, useTransition } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from "react-hook-form";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import type { z } from "zod";
import type { ActionResult } from "@/lib/core/action";
import { onDemand, useWhenIdle } from "@/components/ui/on-demand";

const loadResolverModule = () => import("@/components/forms/schema-resolver");

/**
 * A resolver that brings zod's resolver (and, with `loadSchema`, the schema and zod itself) on demand: when the browser
 * is idle after the page, or at the first check if sooner. If it cannot be loaded (a technician offline before it
 * arrived), the form goes on without the check in the browser; the server checks with the same schema.
 */
function lazyResolver(source: { schema?: z.ZodType; loadSchema?: () => Promise<z.ZodType> }) {
  // The resolver module sets zod up for the browser (no eval probe, which the CSP reports); zod checks that setting
  // when a schema is built, so the schema's module is loaded only after it.
  const load = onDemand(() => loadResolverModule().then(async (module) => module.resolverFor(await (source.schema ?? source.loadSchema!()))));
  const resolver: Resolver = async (values, context, options) => {
    const resolve = await load();
    return resolve ? resolve(values, context, options) : { values, errors: {} };
  };
  return { resolver, load };
}

/**
 * The resolver of a form that is not sent through an action (sign-in, the technician's offline work log), with the
 * schema brought on demand as useActionForm's `loadSchema` is: loading starts when the browser is idle.
 */
export function useSchemaResolver<S extends z.ZodType<FieldValues, FieldValues>>(source: { schema?: S; loadSchema?: () => Promise<S> }) {
  const [validation] = useState(() => lazyResolver(source));
  useWhenIdle(validation.load);
  return validation.resolver as unknown as Resolver<z.input<S>, unknown, z.output<S>>;
}

/**
 * react-hook-form with the action's own zod schema; server field errors land on the fields,
 * values are kept, and the outcome is announced with a toast. Pass `loadSchema: () => import("…/rules").then((m) => m.x)`
 * instead of `schema` to keep the schema and zod out of the page's first load.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, R>({
  schema,
  loadSchema,
  defaultValues,
  action,
  successMessage,
  onSuccess,
  resetOnSuccess = false,
  refreshOnSuccess = false,
  toInput = (v) => v,
}: ({ schema: S; loadSchema?: never } | { schema?: never; loadSchema: () => Promise<S> }) & {
  defaultValues: DefaultValues<z.input<S>>;
  action: (input: never) => Promise<ActionResult<R>>;
  successMessage?: string | ((data: R) => string);
  onSuccess?: (data: R) => void;
  /** An "add" form: empty again (its default values) once saved, ready for the next one. */
  resetOnSuccess?: boolean;
  /** Re-render the page's server data once saved (the list the form adds to). */
  refreshOnSuccess?: boolean;
  toInput?: (values: z.input<S>) => unknown;
}) {
  const router = useRouter();
  const resolver = useSchemaResolver({ schema, loadSchema });
  const form = useForm<z.input<S>, unknown, z.output<S>>({ resolver, defaultValues });
  const [pending, startTransition] = useTransition();
  const submit = form.handleSubmit((_, event) => {
    event?.preventDefault();
    const raw = form.getValues();
    startTransition(async () => {
      const result = await (action as (input: unknown) => Promise<ActionResult<R>>)(toInput(raw));
      if (result.ok) {
        if (successMessage) toast.success(typeof successMessage === "function" ? successMessage(result.data) : successMessage);
        if (resetOnSuccess) form.reset(defaultValues);
        onSuccess?.(result.data);
        if (refreshOnSuccess) router.refresh();
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
