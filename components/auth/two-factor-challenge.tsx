"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** Second step of sign-in: a 6-digit authenticator code, or one of the ten recovery codes. */
export function TwoFactorChallenge() {
  const router = useRouter();
  const [mode, setMode] = useState<"totp" | "recovery">("totp");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = code.replace(/\s/g, "");
    if (mode === "totp" && !/^\d{6}$/.test(trimmed)) return setError("Enter the 6-digit code from your authenticator app.");
    if (mode === "recovery" && trimmed.length < 8) return setError("Enter one of your recovery codes.");
    start(async () => {
      setError(null);
      const { error } =
        mode === "totp" ? await authClient.twoFactor.verifyTotp({ code: trimmed }) : await authClient.twoFactor.verifyBackupCode({ code: trimmed });
      if (error?.status === 429) return setError("Too many attempts. Wait 10 seconds and try again.");
      if (error) {
        setError(
          error.message?.includes("already been used")
            ? error.message
            : mode === "totp"
              ? "That code is not valid. Check your device's clock and try the current code."
              : "That recovery code is not valid or has already been used.",
        );
        return;
      }
      router.push("/");
      router.refresh();
    });
  };
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Field label={mode === "totp" ? "Authentication code" : "Recovery code"} error={error ?? undefined}>
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          inputMode={mode === "totp" ? "numeric" : "text"}
          autoComplete="one-time-code"
          autoFocus
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Verify"}
      </Button>
      <Button
        type="button"
        variant="link"
        onClick={() => {
          setMode(mode === "totp" ? "recovery" : "totp");
          setCode("");
          setError(null);
        }}
      >
        {mode === "totp" ? "Use a recovery code instead" : "Use an authenticator code instead"}
      </Button>
    </form>
  );
}
