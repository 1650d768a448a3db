"use client";
import { useEffect, useState } from "react";
import type { z } from "zod";
import type { FieldErrors } from "@/lib/core/errors";

type Check = (values: unknown) => FieldErrors | null;

function lazyCheck(loadSchema: () => Promise<z.ZodType>) {
  let loading: Promise<Check | null> | null = null;
  // The check module sets zod up for the browser (no eval probe, which the CSP reports) before the schema is built.
  const load = () =>
    (loading ??= import("@/components/forms/schema-check")
      .then(async (module) => {
        const schema = await loadSchema();
        return (values: unknown) => module.fieldErrorsOf(schema, values);
      })
      .catch(() => {
        loading = null;
        return null;
      }));
  const check = async (values: unknown) => (await load())?.(values) ?? null;
  return { load, check };
}

/**
 * A plain form's check in the browser with its zod schema, without zod in the page's first load: the schema arrives
 * when the browser is idle after the page, or at the first check if sooner. If it cannot be loaded (a technician
 * offline before it arrived), `check` passes everything and the server checks with the same rules.
 */
export function useSchemaCheck(loadSchema?: () => Promise<z.ZodType>) {
  const [validation] = useState(() => (loadSchema ? lazyCheck(loadSchema) : null));
  useEffect(() => {
    if (!validation) return;
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 1500));
    idle(() => void validation.load());
  }, [validation]);
  return validation?.check ?? (async () => null);
}
