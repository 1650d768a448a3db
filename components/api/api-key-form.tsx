"use client";
import { useState } from "react";
import { createApiKeyAction } from "@/lib/api/actions/api-keys";
import type { ApiKeyForm } from "@/lib/api/rules";
import { apiAreas, areaLabels, readOnlyAreas } from "@/lib/api/values";
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from "@/lib/api/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { GatewayCopyField } from "@/components/billing/gateway-copy-field";

const defaults: ApiKeyForm = { name: "", scopes: [], expiresOn: "", allowedIps: "", rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE };

/** The new key form; once created, the key is shown here once with a copy button. */
export function ApiKeyCreateForm({ today }: { today: string }) {
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/api/rules").then((m) => m.apiKeyFormSchema),
    defaultValues: defaults,
    action: createApiKeyAction,
    successMessage: (data) => `API key “${data.name}” created. Copy it now: it is shown only once.`,
    resetOnSuccess: true,
    refreshOnSuccess: true,
    onSuccess: (data) => setCreated({ key: data.key, name: data.name }),
  });
  const r = form.register;
  const scopesError = errorOf("scopes");
  return (
    <div className="flex flex-col gap-5">
      {created ? (
        <div className="rounded-lg border border-warning/60 bg-card p-4" role="status">
          <p className="mb-3 text-sm font-medium">
            Copy the key for “{created.name}” now. NetSphere keeps only a fingerprint of it and cannot show it again.
          </p>
          <GatewayCopyField label="API key" value={created.key} hint="Send it as: Authorization: Bearer <key>" />
          <Button type="button" variant="outline" className="mt-3" onClick={() => setCreated(null)}>
            I have stored it
          </Button>
        </div>
      ) : null}
      <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" hint="What uses it, e.g. “Website sign-up form” or “Accounting sync”" error={errorOf("name")} className="flex flex-col gap-1.5 sm:col-span-2">
          <Input {...r("name")} autoComplete="off" maxLength={80} />
        </Field>
        <fieldset className="sm:col-span-2" aria-describedby={scopesError ? "api-scopes-error" : undefined}>
          <legend className="mb-2 text-sm font-medium">What the key may do</legend>
          <div className="overflow-x-auto rounded-md border">
            <table className="w-full text-sm">
              <thead className="border-b text-left text-muted-foreground">
                <tr>
                  <th scope="col" className="p-2 font-medium">
                    Area
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    Read
                  </th>
                  <th scope="col" className="p-2 font-medium">
                    Change
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y">
                {apiAreas.map((area) => (
                  <tr key={area}>
                    <th scope="row" className="p-2 text-left font-normal">
                      {areaLabels[area]}
                    </th>
                    <td className="p-2">
                      <input type="checkbox" value={`${area}:read`} {...r("scopes")} aria-label={`Read ${areaLabels[area].toLowerCase()}`} className="size-4 accent-[var(--primary)]" />
                    </td>
                    <td className="p-2">
                      {readOnlyAreas.includes(area) ? (
                        <span className="text-xs text-muted-foreground">read only</span>
                      ) : (
                        <input
                          type="checkbox"
                          value={`${area}:write`}
                          {...r("scopes")}
                          aria-label={`Change ${areaLabels[area].toLowerCase()} (includes reading)`}
                          className="size-4 accent-[var(--primary)]"
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-1 text-xs text-muted-foreground">Changing an area includes reading it. Give a key only what its system needs.</p>
          {scopesError ? (
            <p id="api-scopes-error" className="mt-1 text-xs font-medium text-danger" role="alert">
              {scopesError}
            </p>
          ) : null}
        </fieldset>
        <Field label="Expires after (optional)" hint="The key stops working after this day" error={errorOf("expiresOn")}>
          <Input type="date" min={today} {...r("expiresOn")} />
        </Field>
        <Field label="Requests per minute" hint="Calls over this are refused with 429 until the minute ends" error={errorOf("rateLimitPerMinute")}>
          <Input type="number" inputMode="numeric" min={1} max={6000} {...r("rateLimitPerMinute")} />
        </Field>
        <Field
          label="Allowed addresses (optional)"
          hint="One IP address or range per line, e.g. 203.0.113.10 or 203.0.113.0/24. Empty: any address."
          error={errorOf("allowedIps")}
          className="flex flex-col gap-1.5 sm:col-span-2"
        >
          <Textarea {...r("allowedIps")} rows={3} spellCheck={false} />
        </Field>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create API key"}
          </Button>
        </div>
      </form>
    </div>
  );
}
