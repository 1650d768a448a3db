"use client";
import { useState } from "react";
import { onDemand, useWhenIdle } from "@/components/ui/on-demand";
import type { z } from "zod";
import type { FieldErrors } from "@/lib/core/errors";

type Check = (values: unknown) => FieldErrors | null;

function lazyCheck(loadSchema: () => Promise<z.ZodType>) {
  // The check module sets zod up for the browser (no eval probe, which the CSP reports) before the schema is built.
  const load = onDemand(() =>
    import("@/components/forms/schema-check").then(async (module): Promise<Check> => {
      const schema = await loadSchema();
      return (values: unknown) => module.fieldErrorsOf(schema, values);
    }),
  );
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
  useWhenIdle(() => validation?.load());
  return validation?.check ?? (async () => null);
}
