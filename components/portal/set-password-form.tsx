"use client";
import { useRouter } from "next/navigation";
import { setPortalPasswordAction } from "@/lib/portal/actions/sign-in";
import { MIN_PASSWORD } from "@/lib/portal/values";
import { Field } from "@/components/forms/field";
import { inputClassName } from "@/components/ui/classes";
import { SubmitButton } from "@/components/forms/submit-button";
import { textFields, usePlainForm } from "@/components/forms/use-plain-form";

/** Choose a password from a reset or invitation link; signs the subscriber in on success. */
export function SetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const { submit, pending, errorOf } = usePlainForm({
    action: setPortalPasswordAction,
    toInput: (fields) => ({ token, ...textFields(fields, ["password", "confirm"]) }),
    successMessage: "Password saved. You are signed in.",
    onSuccess: (data) => {
      router.push(data.redirectTo);
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Field label="New password" hint={`At least ${MIN_PASSWORD} characters`} error={errorOf("password")}>
        <input name="password" type="password" className={inputClassName} autoComplete="new-password" />
      </Field>
      <Field label="Type it again" error={errorOf("confirm")}>
        <input name="confirm" type="password" className={inputClassName} autoComplete="new-password" />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save password and sign in
      </SubmitButton>
    </form>
  );
}
