"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createRouterAction, updateRouterAction } from "@/lib/routers/actions/save-router";
import { routerTransportLabels, routerTransports } from "@/lib/routers/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { PlanLimitNotice } from "@/components/ui/plan-limit-notice";

export type RouterFormValues = {
  name: string;
  host: string;
  transport: (typeof routerTransports)[number];
  apiPort: number;
  useTls: boolean;
  restPort: number;
  username: string;
  password: string;
  siteId: string;
  /** Coordinates as typed; empty when unknown. */
  latitude: string;
  longitude: string;
};

const empty: RouterFormValues = {
  name: "",
  host: "",
  transport: "api",
  apiPort: 8728,
  useTls: false,
  restPort: 443,
  username: "",
  password: "",
  siteId: "",
  latitude: "",
  longitude: "",
};

/**
 * Add a MikroTik router, or edit one (`routerId`): the password is encrypted on the server and
 * never shown again; when editing, an empty password keeps the stored one.
 */
export function RouterForm({
  sites,
  onSaved,
  routerId,
  initial = empty,
  prefill,
  onCreated,
  createdMessage = "Router added. Use Test connection to check that NetSphere can log in.",
}: {
  sites: { id: string; name: string }[];
  onSaved?: () => void;
  /** After a new router is saved (the onboarding wizard tests it at once). */
  onCreated?: (router: { id: string; name: string }) => void;
  createdMessage?: string;
  routerId?: string;
  initial?: RouterFormValues;
  /** A new router's name and host as a link suggested them (an unknown neighbour on the topology). */
  prefill?: Partial<Pick<RouterFormValues, "name" | "host">>;
}) {
  const router = useRouter();
  const [upgradeUrl, setUpgradeUrl] = useState<string | null>(null);
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/routers/rules").then((m) => m.routerFieldsSchema),
    defaultValues: { ...initial, ...prefill },
    action: async (input: never) => {
      if (routerId) return updateRouterAction({ routerId, router: input });
      const result = await createRouterAction(input);
      setUpgradeUrl(!result.ok && result.code === "plan_limit" ? String(result.details?.upgradeUrl ?? "/settings/plan") : null);
      return result;
    },
    successMessage: routerId ? "Router saved." : createdMessage,
    onSuccess: (saved) => {
      if (!routerId) {
        form.reset(empty);
        onCreated?.(saved);
      }
      onSaved?.();
      router.refresh();
    },
  });
  const r = form.register;
  const useTls = form.watch("useTls");
  const transport = form.watch("transport");
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <PlanLimitNotice upgradeUrl={upgradeUrl} what="router" className="sm:col-span-2" />
      <Field label="Router name" error={errorOf("name")}>
        <Input placeholder="Tanauan-CCR1" {...r("name")} />
      </Field>
      <Field label="Site" error={errorOf("siteId")}>
        <NativeSelect {...r("siteId")}>
          <option value="">No site</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Host or IP address" error={errorOf("host")}>
        <Input placeholder="10.0.0.1" autoComplete="off" {...r("host")} />
      </Field>
      <Field label="Connect with" hint="REST needs RouterOS 7.1+ and the www-ssl service" error={errorOf("transport")}>
        <NativeSelect {...r("transport")}>
          {routerTransports.map((t) => (
            <option key={t} value={t}>
              {routerTransportLabels[t]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      {transport === "rest" ? (
        <Field label="REST port" hint="The www-ssl service; default 443" error={errorOf("restPort")}>
          <Input inputMode="numeric" {...r("restPort")} />
        </Field>
      ) : (
        <>
          <Field label="API port" hint={useTls ? "API-SSL default is 8729" : "API default is 8728"} error={errorOf("apiPort")}>
            <Input inputMode="numeric" {...r("apiPort")} />
          </Field>
          <div className="flex items-end pb-2">
            <CheckboxField
              label="Use TLS (api-ssl)"
              {...r("useTls", {
                onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
                  const port = Number(form.getValues("apiPort"));
                  if (port === 8728 || port === 8729) form.setValue("apiPort", e.target.checked ? 8729 : 8728);
                },
              })}
            />
          </div>
        </>
      )}
      <Field label="API username" error={errorOf("username")}>
        <Input autoComplete="off" {...r("username")} />
      </Field>
      <Field
        label="API password"
        hint={routerId ? "Leave empty to keep the stored password" : "Stored encrypted (AES-256-GCM)"}
        error={errorOf("password")}
      >
        <Input type="password" autoComplete="new-password" {...r("password")} />
      </Field>
      <Field label="Latitude" hint="Optional, e.g. 13.9411" error={errorOf("latitude")}>
        <Input inputMode="decimal" autoComplete="off" {...r("latitude")} />
      </Field>
      <Field label="Longitude" hint="Optional, e.g. 121.1631" error={errorOf("longitude")}>
        <Input inputMode="decimal" autoComplete="off" {...r("longitude")} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : routerId ? "Save router" : "Add router"}
        </Button>
      </div>
    </form>
  );
}
