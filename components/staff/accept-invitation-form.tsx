"use client";
import { useRouter } from "next/navigation";
import { acceptInvitation } from "@/lib/auth/actions/accept-invitation";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** Name and password for a new staff member; on success they are signed in and sent on. */
export function AcceptInvitationForm({ token, email, needsTwoFactor }: { token: string; email: string; needsTwoFactor: boolean }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/auth/invitations").then((m) => m.acceptInvitationSchema),
    defaultValues: { token, name: "", password: "" },
    action: acceptInvitation,
    successMessage: needsTwoFactor ? "Welcome! Next: secure your account with two-factor authentication." : "Welcome aboard! You are signed in.",
    onSuccess: (data: { redirectTo: string }) => {
      router.push(data.redirectTo);
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <Field label="Email" hint="You sign in with this address.">
        <Input type="email" autoComplete="username" value={email} readOnly />
      </Field>
      <Field label="Your name" error={errorOf("name")}>
        <Input autoComplete="name" {...form.register("name")} />
      </Field>
      <Field label="Choose a password" hint={`At least ${MIN_PASSWORD_LENGTH} characters`} error={errorOf("password")}>
        <Input type="password" autoComplete="new-password" {...form.register("password")} />
      </Field>
      {errorOf("token") ? (
        <p role="alert" className="text-sm text-danger">
          {errorOf("token")}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Creating your account…" : "Accept invitation"}
      </Button>
    </form>
  );
}
