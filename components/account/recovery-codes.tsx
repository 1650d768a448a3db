"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";

// Better Auth's browser client (about 13 kB gzipped) is needed only when the form is sent.
const loadAuthClient = () => import("@/lib/auth/client");
/** Replaces the ten two-factor recovery codes (the old ones stop working) after a password check. */
export function RegenerateRecoveryCodes() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const reset = (next: boolean) => {
    if (pending) return;
    setOpen(next);
    if (!next) {
      setPassword("");
      setCodes(null);
      setError(null);
    }
  };
  const generate = (event: React.FormEvent) => {
    event.preventDefault();
    if (!password) return setError("Enter your password");
    start(async () => {
      setError(null);
      const client = await loadAuthClient().catch(() => null);
      if (!client) return setError("Could not reach NetSphere. Check your connection and try again.");
      const { data, error } = await client.authClient.twoFactor.generateBackupCodes({ password });
      if (error || !data) {
        setError(error?.code === "INVALID_PASSWORD" ? "That password is not correct." : (error?.message ?? "Could not create new codes."));
        return;
      }
      setPassword("");
      setCodes(data.backupCodes);
      toast.success("New recovery codes created. The old ones no longer work.");
    });
  };
  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline" size="sm">
          New recovery codes
        </Button>
      </DialogTrigger>
      <DialogContent
        title={codes ? "Your new recovery codes" : "Create new recovery codes"}
        description={
          codes
            ? "Each code works once if you lose your phone. Store them somewhere safe now; they are not shown again."
            : "Your current recovery codes will stop working. Confirm your password to continue."
        }
      >
        {codes ? (
          <div className="flex flex-col gap-4">
            <ul data-testid="recovery-codes" className="grid grid-cols-2 gap-1 rounded bg-muted p-3 font-mono text-sm">
              {codes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            <div className="flex flex-wrap justify-end gap-2">
              <Button
                type="button"
                variant="outline"
                onClick={() =>
                  navigator.clipboard
                    .writeText(codes.join("\n"))
                    .then(() => toast.success("Codes copied."))
                    .catch(() => toast.error("Could not copy; select and copy them instead."))
                }
              >
                Copy codes
              </Button>
              <Button type="button" onClick={() => reset(false)}>
                I saved them
              </Button>
            </div>
          </div>
        ) : (
          <form method="post" onSubmit={generate} noValidate className="flex flex-col gap-4">
            <Field label="Your password" error={error ?? undefined}>
              <Input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </Field>
            <Button type="submit" disabled={pending} className="self-end">
              {pending ? "Creating…" : "Create new codes"}
            </Button>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
