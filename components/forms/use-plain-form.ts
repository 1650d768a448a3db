"use client";
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import type { ActionResult } from "@/lib/core/action";
import type { FieldErrors } from "@/lib/core/errors";
import { useSchemaCheck } from "./use-schema-check";

export type ActionFailure = Extract<ActionResult<never>, { ok: false }>;

/**
 * A form without a form library or zod in the page's first load (the portal's and the technician's, opened on
 * phones): on submit the fields go to the server action as typed, the action parses them with its zod schema, and its
 * field errors show next to the fields. With `loadSchema` the action's input is first checked in the browser with that
 * schema (loaded on demand, see useSchemaCheck), so its messages show without a round trip. After a failure focus
 * moves to the first field in error; the fields are uncontrolled, so what was typed stays. The outcome is announced
 * with a toast unless `onFailure` shows it another way.
 */
export function usePlainForm<I, R>({
  action,
  loadSchema,
  toInput,
  successMessage,
  onSuccess,
  onFailure,
}: {
  action: (input: I) => Promise<ActionResult<R>>;
  /** The schema the browser checks the action's input with before sending it. */
  loadSchema?: () => Promise<z.ZodType>;
  /** The action's input from the submitted fields. */
  toInput: (fields: FormData) => I;
  successMessage?: string;
  onSuccess?: (data: R, form: HTMLFormElement) => void;
  onFailure?: (failure: ActionFailure, form: HTMLFormElement) => void;
}) {
  const [pending, startTransition] = useTransition();
  // A new object on every outcome, so the effect below runs after each failed submit, even with the same errors.
  const [outcome, setOutcome] = useState<{ fieldErrors: FieldErrors }>({ fieldErrors: {} });
  const formRef = useRef<HTMLFormElement | null>(null);
  const check = useSchemaCheck(loadSchema);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [outcome]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    formRef.current = form;
    const input = toInput(new FormData(form));
    startTransition(async () => {
      const invalid = await check(input);
      if (invalid) return setOutcome({ fieldErrors: invalid });
      const result = await action(input);
      setOutcome({ fieldErrors: result.ok ? {} : (result.fieldErrors ?? {}) });
      if (result.ok) {
        if (successMessage) toast.success(successMessage);
        onSuccess?.(result.data, form);
      } else if (onFailure) {
        onFailure(result, form);
      } else {
        toast.error(result.message);
      }
    });
  };

  const errorOf = (name: string): string | undefined => outcome.fieldErrors[name]?.[0];
  return { submit, pending, errorOf };
}

/** The named fields of a submitted form as text: the input most plain forms' actions take. */
export function textFields<K extends string>(fields: FormData, names: readonly K[]): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const name of names) {
    const value = fields.get(name);
    values[name] = typeof value === "string" ? value : "";
  }
  return values;
}
