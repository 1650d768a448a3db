"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { completeOnboardingStep } from "@/lib/tenants/actions/settings";
import { Button } from "@/components/ui/button";
import type { OnboardingStep } from "@/lib/tenants/schema";

/** "Skip" / "Continue": marks the step done (it saves through its own forms) and moves on. */
export function StepControls({
  step,
  label = "Skip this step",
  variant = "ghost",
}: {
  step: OnboardingStep;
  label?: string;
  variant?: "ghost" | "default" | "outline";
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      variant={variant}
      disabled={pending}
      onClick={() =>
        start(async () => {
          const result = await completeOnboardingStep({ step });
          if (!result.ok) return void toast.error(result.message);
          router.push(result.data.next === "done" ? "/dashboard" : `/onboarding?step=${result.data.next}`);
          if (result.data.next === "done") toast.success("Setup complete. Welcome to NetSphere!");
        })
      }
    >
      {label}
    </Button>
  );
}
