"use client";
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { z } from "zod";
import { createCustomerAction, updateCustomerAction } from "@/lib/customers/actions/save-customer";
import type { customerFieldsSchema, customerFormSchema } from "@/lib/customers/rules";
import type { subscriptionFieldsSchema } from "@/lib/subscriptions/rules";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { SubscriptionFields } from "@/components/customers/subscription-fields";
import { Button } from "@/components/ui/button";
import { PlanLimitNotice } from "@/components/ui/plan-limit-notice";

type Option = { id: string; name: string };
export type CustomerFormValues = z.input<typeof customerFieldsSchema>;

export function CustomerForm({
  customerId,
  today,
  initial,
  plans,
  routers,
}: {
  customerId?: string;
  /** Today in the ISP's time zone: the default start of a new subscription. */
  today: string;
  initial: CustomerFormValues;
  plans: Option[];
  routers: Option[];
}) {
  const router = useRouter();
  const [upgradeUrl, setUpgradeUrl] = useState<string | null>(null);
  const editing = !!customerId;
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/customers/rules").then((m) => m.customerFormSchema),
    defaultValues: {
      customer: initial,
      withSubscription: !editing && plans.length > 0,
      subscription: {
        planId: plans[0]?.id ?? "",
        routerId: routers[0]?.id ?? "",
        username: "",
        password: "",
        staticIp: "",
        startDate: today,
        status: "active",
      },
    },
    action: async (input: never) => {
      const { customer, withSubscription, subscription } = input as unknown as z.input<typeof customerFormSchema>;
      const result = editing
        ? await updateCustomerAction({ customerId, customer })
        : await createCustomerAction({
            customer,
            subscription: withSubscription ? (subscription as z.input<typeof subscriptionFieldsSchema>) : undefined,
          });
      setUpgradeUrl(!result.ok && result.code === "plan_limit" ? String(result.details?.upgradeUrl ?? "/settings/plan") : null);
      if (!result.ok && result.fieldErrors) {
        // Server field names are relative to the customer or subscription object.
        const prefix = (k: string) =>
          ["planId", "routerId", "username", "password", "staticIp", "startDate"].includes(k) ? `subscription.${k}` : `customer.${k}`;
        result.fieldErrors = Object.fromEntries(
          Object.entries(result.fieldErrors).map(([k, v]) => [k.startsWith("customer.") || k.startsWith("subscription.") ? k : prefix(k), v]),
        );
      }
      return result;
    },
    successMessage: editing ? "Customer saved." : (d: { id: string; accountNumber?: string }) => `Customer ${d.accountNumber ?? ""} created.`,
    onSuccess: (d: { id: string }) => {
      router.push(`/customers/${d.id}`);
      router.refresh();
    },
  });
  const r = form.register;
  const withSubscription = form.watch("withSubscription");
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-6">
      <PlanLimitNotice upgradeUrl={upgradeUrl} what="customer" />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Full name" error={errorOf("customer.name")} className="flex flex-col gap-1.5 sm:col-span-2">
          <Input autoComplete="off" {...r("customer.name")} />
        </Field>
        <Field label="Mobile number" error={errorOf("customer.phone")}>
          <Input type="tel" placeholder="0917 123 4567" {...r("customer.phone")} />
        </Field>
        <Field label="Other phone" error={errorOf("customer.altPhone")}>
          <Input type="tel" {...r("customer.altPhone")} />
        </Field>
        <Field label="Email" error={errorOf("customer.email")}>
          <Input type="email" {...r("customer.email")} />
        </Field>
        <Field label="TIN (optional)" hint="Printed on invoices, e.g. 123-456-789-000" error={errorOf("customer.tin")}>
          <Input inputMode="numeric" autoComplete="off" {...r("customer.tin")} />
        </Field>
        <Field label="Status" error={errorOf("customer.status")}>
          <NativeSelect {...r("customer.status")}>
            <option value="active">Active</option>
            <option value="lead">Lead</option>
            <option value="suspended">Suspended</option>
            <option value="terminated">Terminated</option>
          </NativeSelect>
        </Field>
        <Field label="Service address" error={errorOf("customer.serviceAddress")} className="flex flex-col gap-1.5 sm:col-span-2">
          <Input {...r("customer.serviceAddress")} />
        </Field>
        <Field label="Barangay" error={errorOf("customer.barangay")}>
          <Input {...r("customer.barangay")} />
        </Field>
        <Field label="City / municipality" error={errorOf("customer.city")}>
          <Input {...r("customer.city")} />
        </Field>
        <Field label="Latitude" hint="e.g. 14.0860" error={errorOf("customer.latitude")}>
          <Input inputMode="decimal" {...r("customer.latitude")} />
        </Field>
        <Field label="Longitude" hint="e.g. 121.1490" error={errorOf("customer.longitude")}>
          <Input inputMode="decimal" {...r("customer.longitude")} />
        </Field>
        <Field label="Tags" hint="Comma-separated, e.g. fiber, vip" error={errorOf("customer.tags")} className="flex flex-col gap-1.5 sm:col-span-2">
          <Input
            defaultValue={(initial.tags ?? []).join(", ")}
            onChange={(e) =>
              form.setValue(
                "customer.tags",
                e.target.value
                  .split(",")
                  .map((t) => t.trim())
                  .filter(Boolean),
              )
            }
          />
        </Field>
        <Field label="Notes" error={errorOf("customer.notes")} className="flex flex-col gap-1.5 sm:col-span-2">
          <Textarea {...r("customer.notes")} />
        </Field>
      </div>
      {editing ? null : (
        <fieldset className="rounded-md border p-4">
          <legend className="px-1 text-sm font-semibold">Internet service</legend>
          {plans.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              Create a{" "}
              <Link className="text-primary underline" href="/plans/new">
                service plan
              </Link>{" "}
              first to give this customer a subscription.
            </p>
          ) : (
            <>
              <CheckboxField label="Create a subscription now" {...r("withSubscription")} />
              {withSubscription ? (
                <div className="mt-4 grid gap-4 sm:grid-cols-2">
                  <SubscriptionFields register={r} errorOf={errorOf} prefix="subscription." plans={plans} routers={routers} />
                </div>
              ) : null}
            </>
          )}
        </fieldset>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save customer" : "Create customer"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
