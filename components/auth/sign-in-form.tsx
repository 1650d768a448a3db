"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { authClient } from "@/lib/auth/client";
import { useSchemaResolver } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const resolver = useSchemaResolver({ loadSchema: () => import("@/lib/auth/account-forms").then((m) => m.signInSchema) });
  const form = useForm({ resolver, defaultValues: { email: "", password: "" } });
  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      setError(null);
      const { data, error } = await authClient.signIn.email(values);
      if (error) {
        setError(
          error.status === 429
            ? (error.message ?? "Too many attempts. Wait a minute and try again.")
            : error.status === 403
              ? (error.message ?? "This account is deactivated.")
              : "Invalid email or password.",
        );
        return;
      }
      if (data && "twoFactorRedirect" in data && data.twoFactorRedirect) {
        router.push("/two-factor");
        return;
      }
      router.push("/");
      router.refresh();
    }),
  );
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      {error ? (
        <p role="alert" className="rounded-md border border-danger/50 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Field label="Email" error={form.formState.errors.email?.message}>
        <Input type="email" autoComplete="email" {...form.register("email")} />
      </Field>
      <Field label="Password" error={form.formState.errors.password?.message}>
        <Input type="password" autoComplete="current-password" {...form.register("password")} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
