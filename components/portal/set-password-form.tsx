"use client";
import { useRouter } from "next/navigation";
import { setPortalPasswordAction } from "@/lib/portal/actions/sign-in";
import { MIN_PASSWORD, setPasswordSchema } from "@/lib/portal/rules";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** Choose a password from a reset or invitation link; signs the subscriber in on success. */
export function SetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    schema: setPasswordSchema,
    defaultValues: { token, password: "", confirm: "" },
    action: setPortalPasswordAction,
    successMessage: "Password saved. You are signed in.",
    onSuccess: (data) => {
      router.push(data.redirectTo);
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Field label="New password" hint={`At least ${MIN_PASSWORD} characters`} error={errorOf("password")}>
        <Input type="password" autoComplete="new-password" {...form.register("password")} />
      </Field>
      <Field label="Type it again" error={errorOf("confirm")}>
        <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save password and sign in"}
      </Button>
    </form>
  );
}
