"use client";
import type { UseFormRegister, FieldValues, Path } from "react-hook-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";

type Option = { id: string; name: string };

/** Plan, router and account fields of a subscription, for any form that nests them under `prefix`. */
export function SubscriptionFields<T extends FieldValues>({
  register,
  errorOf,
  prefix = "",
  plans,
  routers,
}: {
  register: UseFormRegister<T>;
  errorOf: (name: string) => string | undefined;
  prefix?: string;
  plans: Option[];
  routers: Option[];
}) {
  const name = (field: string) => `${prefix}${field}` as Path<T>;
  return (
    <>
      <Field label="Plan" error={errorOf(name("planId"))}>
        <NativeSelect {...register(name("planId"))}>
          <OptionList options={plans} />
        </NativeSelect>
      </Field>
      <Field label="Router" error={errorOf(name("routerId"))}>
        <NativeSelect {...register(name("routerId"))}>
          <option value="">No router yet</option>
          <OptionList options={routers} />
        </NativeSelect>
      </Field>
      <Field label="PPPoE / hotspot username" hint="Leave empty to use the account number" error={errorOf(name("username"))}>
        <Input autoComplete="off" {...register(name("username"))} />
      </Field>
      <Field label="Password" hint="Leave empty to generate one" error={errorOf(name("password"))}>
        <Input type="password" autoComplete="new-password" {...register(name("password"))} />
      </Field>
      <Field label="Start date" error={errorOf(name("startDate"))}>
        <Input type="date" {...register(name("startDate"))} />
      </Field>
      <Field label="Static IP (optional)" error={errorOf(name("staticIp"))}>
        <Input inputMode="decimal" {...register(name("staticIp"))} />
      </Field>
    </>
  );
}

export function OptionList({ options }: { options: Option[] }) {
  return options.map((o) => (
    <option key={o.id} value={o.id}>
      {o.name}
    </option>
  ));
}
