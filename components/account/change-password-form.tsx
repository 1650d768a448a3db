"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/values";
import { useSchemaResolver } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

// Better Auth's browser client (about 13 kB gzipped) is needed only when the form is sent.
const loadAuthClient = () => import("@/lib/auth/client");
/** Changes the password through Better Auth and signs every other device out. */
export function ChangePasswordForm() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const resolver = useSchemaResolver({ loadSchema: () => import("@/lib/auth/account-forms").then((m) => m.changePasswordSchema) });
  const form = useForm({ resolver, defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" } });
  const submit = form.handleSubmit((values) =>
    start(async () => {
      setError(null);
      const client = await loadAuthClient().catch(() => null);
      if (!client) {
        setError("Could not reach NetSphere. Check your connection and try again.");
        return;
      }
      const { error } = await client.authClient.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
        revokeOtherSessions: true,
      });
      if (error) {
        const wrong = error.code === "INVALID_PASSWORD";
        const message = wrong ? "Your current password is not correct." : (error.message ?? "Could not change the password. Try again.");
        if (wrong) form.setError("currentPassword", { message });
        else setError(message);
        toast.error(message);
        return;
      }
      form.reset();
      toast.success("Password changed. Your other devices were signed out.");
      router.refresh();
    }),
  );
  const e = form.formState.errors;
  return (
    <form method="post" onSubmit={submit} noValidate className="flex max-w-md flex-col gap-4">
      {error ? (
        <p role="alert" className="rounded-md border border-danger/50 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Field label="Current password" error={e.currentPassword?.message}>
        <Input type="password" autoComplete="current-password" {...form.register("currentPassword")} />
      </Field>
      <Field label="New password" hint={`At least ${MIN_PASSWORD_LENGTH} characters`} error={e.newPassword?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("newPassword")} />
      </Field>
      <Field label="Repeat the new password" error={e.confirmPassword?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
      </Field>
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
