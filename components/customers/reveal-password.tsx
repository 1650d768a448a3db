"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { revealSubscriptionPasswordAction } from "@/lib/subscriptions/actions/reveal-password";
import { Button } from "@/components/ui/button";

/** The service password stays encrypted until someone with permission asks; the reveal is audited. */
export function RevealPassword({ subscriptionId }: { subscriptionId: string }) {
  const [password, setPassword] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (password) return <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{password}</code>;
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const result = await revealSubscriptionPasswordAction({ subscriptionId });
          if (!result.ok) return void toast.error(result.message);
          setPassword(result.data.password);
        })
      }
    >
      Show password
    </Button>
  );
}
