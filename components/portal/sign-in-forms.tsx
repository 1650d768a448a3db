"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { portalMagicSignInAction, portalSignInAction, requestPortalLinkAction } from "@/lib/portal/actions/sign-in";
import { requestLinkSchema, signInSchema } from "@/lib/portal/rules";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { FormAlert } from "./form-alert";

/** Account number or email and password; any failure shows the server's one message. */
export function PortalSignInForm({ isp }: { isp: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const form = useForm({ resolver: zodResolver(signInSchema), defaultValues: { isp, identifier: "", password: "" } });
  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      setError(null);
      const result = await portalSignInAction(values);
      if (!result.ok) {
        setError(result.message);
        form.setValue("password", "");
        return;
      }
      router.push(result.data.redirectTo);
      router.refresh();
    }),
  );
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      {error ? <FormAlert tone="error">{error}</FormAlert> : null}
      <Field label="Account number or email" hint="Your account number is on your bill." error={form.formState.errors.identifier?.message}>
        <Input autoComplete="username" autoCapitalize="none" spellCheck={false} {...form.register("identifier")} />
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

/** "Forgot password" and "email me a sign-in link": always the same confirmation, whether or not the account exists. */
export function RequestLinkForm({ isp, kind }: { isp: string; kind: "reset" | "magic_link" }) {
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const form = useForm({ resolver: zodResolver(requestLinkSchema), defaultValues: { isp, identifier: "" } });
  if (sent)
    return (
      <FormAlert tone="success">
        If that account has an email address with us, we have sent it a link. It works once and for {kind === "reset" ? "one hour" : "30 minutes"}.
      </FormAlert>
    );
  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      setError(null);
      const result = await requestPortalLinkAction({ ...values, kind });
      if (!result.ok) return setError(result.message);
      setSent(true);
    }),
  );
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      {error ? <FormAlert tone="error">{error}</FormAlert> : null}
      <Field label="Account number or email" error={form.formState.errors.identifier?.message}>
        <Input autoComplete="username" autoCapitalize="none" spellCheck={false} {...form.register("identifier")} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : kind === "reset" ? "Send reset link" : "Email me a sign-in link"}
      </Button>
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
      <Button
        type="button"
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
      </Button>
    </div>
  );
}
