"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import QRCode from "qrcode";
import { authClient } from "@/lib/auth/client";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

const TOO_MANY = "Too many attempts. Wait 10 seconds and try again.";

type Enrolment = { qr: string; secret: string; backupCodes: string[] };

// The password form the user was in is gone once the key arrives: its heading takes focus, so a screen reader
// reads where they are and the Tab order starts at the QR code, not at the top of the page. Stable, so it runs once.
const focusOnMount = (heading: HTMLHeadingElement | null) => heading?.focus();

/** Enrolment: confirm password → scan QR (or type the key) → save recovery codes → confirm a code. */
export function TwoFactorSetup() {
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const begin = (event: React.FormEvent) => {
    event.preventDefault();
    start(async () => {
      setError(null);
      const { data, error } = await authClient.twoFactor.enable({ password, issuer: "NetSphere", method: "totp" });
      if (error?.status === 429) return setError(TOO_MANY);
      if (error || !data || data.method !== "totp")
        return setError(
          error?.status === 400 || error?.status === 401 ? "That password is not correct." : (error?.message ?? "Could not start enrolment."),
        );
      const secret = new URL(data.totpURI).searchParams.get("secret") ?? "";
      setEnrolment({ qr: await QRCode.toDataURL(data.totpURI, { margin: 1, width: 220 }), secret, backupCodes: data.backupCodes });
    });
  };

  const confirm = (event: React.FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return setError("Enter the 6-digit code shown in your app.");
    start(async () => {
      setError(null);
      const { error } = await authClient.twoFactor.verifyTotp({ code: code.trim() });
      if (error) return setError(error.status === 429 ? TOO_MANY : "That code is not valid. Check your device's clock and try the current code.");
      router.push("/");
      router.refresh();
    });
  };

  if (!enrolment) {
    return (
      <form method="post" onSubmit={begin} className="flex flex-col gap-4" noValidate>
        <Field label="Confirm your password" error={error ?? undefined}>
          <Input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <Button type="submit" disabled={pending || !password}>
          {pending ? "Preparing…" : "Continue"}
        </Button>
      </form>
    );
  }
  return (
    <form method="post" onSubmit={confirm} className="flex flex-col gap-5" noValidate>
      <h2 ref={focusOnMount} tabIndex={-1} className="text-base font-semibold outline-none">
        Scan the code, save your recovery codes, then enter a code from your app
      </h2>
      <div className="flex flex-col items-center gap-3 sm:flex-row sm:items-start">
        {/* eslint-disable-next-line @next/next/no-img-element -- a data URL generated in the browser */}
        <img src={enrolment.qr} alt="QR code to scan with your authenticator app" width={176} height={176} className="rounded bg-white p-2" />
        <div className="text-sm">
          <p>Scan the code with Google Authenticator, Authy or 1Password, or type this key:</p>
          <code data-testid="totp-secret" className="mt-2 block break-all rounded bg-muted px-2 py-1 font-mono text-sm">
            {enrolment.secret}
          </code>
        </div>
      </div>
      <div>
        <h2 className="text-sm font-semibold">Recovery codes</h2>
        <p className="text-sm text-muted-foreground">
          Each works once if you lose your phone. Store them somewhere safe now; they are not shown again.
        </p>
        <ul data-testid="recovery-codes" className="mt-2 grid grid-cols-2 gap-1 rounded bg-muted p-3 font-mono text-sm">
          {enrolment.backupCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </div>
      <Field label="Code from your app" error={error ?? undefined}>
        <Input inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Verifying…" : "Turn on two-factor authentication"}
      </Button>
    </form>
  );
}
