"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (sent) return <p role="status">If an account exists for {email}, we have sent a link to reset its password. It is valid for one hour.</p>;
  return (
    <form
      method="post"
      className="flex flex-col gap-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!/^\S+@\S+\.\S+$/.test(email)) return setError("Enter a valid email");
        start(async () => {
          const { error } = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
          if (error?.status === 429) return setError("Too many requests. Wait a minute and try again.");
          setSent(true);
        });
      }}
    >
      <Field label="Email" error={error ?? undefined}>
        <Input type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Button type="submit" disabled={pending}>
        Send reset link
      </Button>
    </form>
  );
}

export function ResetPasswordForm({ token }: { token: string | null }) {
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!token) return <p role="alert">This reset link is not valid or has expired. Ask for a new one.</p>;
  return (
    <form
      method="post"
      className="flex flex-col gap-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (password.length < 10) return setError("Use at least 10 characters");
        start(async () => {
          const { error } = await authClient.resetPassword({ newPassword: password, token });
          if (error) return setError("This reset link is not valid, has expired or was already used. Ask for a new one.");
          router.push("/sign-in?reset=1");
        });
      }}
    >
      <Field label="New password" hint="At least 10 characters" error={error ?? undefined}>
        <Input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <Button type="submit" disabled={pending}>
        Set new password
      </Button>
    </form>
  );
}
