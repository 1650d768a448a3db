"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { portalMagicSignInAction, portalSignInAction, requestPortalLinkAction } from "@/lib/portal/actions/sign-in";
import { Field } from "@/components/forms/field";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { buttonVariants, inputClassName } from "@/components/ui/classes";
import { FormAlert } from "./form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { textFields, usePlainForm, type ActionFailure } from "@/components/forms/use-plain-form";

/** The message above a sign-in form: none when the fields show what is wrong, the ISP's when the link itself is bad. */
const alertOf = (failure: ActionFailure) => (failure.fieldErrors ? (failure.fieldErrors.isp?.[0] ?? null) : failure.message);

/** Account number or email and password; any failure shows the server's one message. */
export function PortalSignInForm({ isp }: { isp: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const { submit, pending, errorOf } = usePlainForm({
    action: portalSignInAction,
    toInput: (fields) => ({ isp, ...textFields(fields, ["identifier", "password"]) }),
    onSuccess: (data) => {
      router.push(data.redirectTo);
      router.refresh();
    },
    onFailure: (failure, form) => {
      setError(alertOf(failure));
      if (!failure.fieldErrors) (form.elements.namedItem("password") as HTMLInputElement).value = "";
    },
  });
  return (
    <form
      method="post"
      onSubmit={(event) => {
        setError(null);
        submit(event);
      }}
      className="flex flex-col gap-4"
      noValidate
    >
      {error ? <FormAlert tone="error">{error}</FormAlert> : null}
      <Field label="Account number or email" hint="Your account number is on your bill." error={errorOf("identifier")}>
        <input name="identifier" className={inputClassName} autoComplete="username" autoCapitalize="none" spellCheck={false} />
      </Field>
      <Field label="Password" error={errorOf("password")}>
        <input name="password" type="password" className={inputClassName} autoComplete="current-password" />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}

/** "Forgot password" and "email me a sign-in link": always the same confirmation, whether or not the account exists. */
export function RequestLinkForm({ isp, kind }: { isp: string; kind: "reset" | "magic_link" }) {
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { submit, pending, errorOf } = usePlainForm({
    action: requestPortalLinkAction,
    toInput: (fields) => ({ isp, kind, ...textFields(fields, ["identifier"]) }),
    onSuccess: () => setSent(true),
    onFailure: (failure) => setError(alertOf(failure)),
  });
  if (sent)
    return (
      <FormAlert tone="success">
        If that account has an email address with us, we have sent it a link. It works once and for {kind === "reset" ? "one hour" : "30 minutes"}.
      </FormAlert>
    );
  return (
    <form
      method="post"
      onSubmit={(event) => {
        setError(null);
        submit(event);
      }}
      className="flex flex-col gap-4"
      noValidate
    >
      {error ? <FormAlert tone="error">{error}</FormAlert> : null}
      <Field label="Account number or email" error={errorOf("identifier")}>
        <input name="identifier" className={inputClassName} autoComplete="username" autoCapitalize="none" spellCheck={false} />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Sending…">
        {kind === "reset" ? "Send reset link" : "Email me a sign-in link"}
      </SubmitButton>
    </form>
  );
}

/** A magic link opens this button rather than signing in on load, so mail scanners that open links use up nothing. */
export function MagicSignInButton({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-col gap-4">
      {error ? <FormAlert tone="error">{error}</FormAlert> : null}
      <FocusKeepingButton
        type="button"
        className={buttonVariants()}
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await portalMagicSignInAction({ token });
            if (!result.ok) return setError(result.message);
            router.push(result.data.redirectTo);
            router.refresh();
          })
        }
      >
        {pending ? "Signing in…" : "Sign in"}
      </FocusKeepingButton>
    </div>
  );
}
