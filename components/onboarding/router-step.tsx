"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { testRouterConnectionAction } from "@/lib/routers/actions/test-connection";
import type { RouterFormValues } from "@/components/routers/router-form";
import { RouterForm } from "@/components/routers/router-form";
import { EditRouterButton } from "@/components/routers/edit-router-button";
import { Button } from "@/components/ui/button";
import { StepControls } from "@/components/onboarding/step-controls";

export type OnboardingRouter = {
  id: string;
  name: string;
  address: string;
  status: "online" | "offline" | "degraded" | "unknown";
  lastError: string | null;
  form: RouterFormValues;
};

type Outcome = { routerId: string; text: string; ok: boolean };

/**
 * The wizard's router step: each router added is tested at once (a fresh login with the stored password) and
 * its real result shown; ✓ only for a router NetSphere logged in to. "Continue" appears once one router answers.
 */
export function RouterStep({ routers, sites }: { routers: OnboardingRouter[]; sites: { id: string; name: string }[] }) {
  const refresh = useRouter();
  const [testing, setTesting] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [, startRefresh] = useTransition();

  const test = async (router: { id: string; name: string }) => {
    setTesting(router.id);
    setOutcome(null);
    const result = await testRouterConnectionAction({ routerId: router.id });
    setTesting(null);
    setOutcome(
      result.ok
        ? { routerId: router.id, ok: true, text: `${router.name}: connected to ${result.data.identity}, RouterOS ${result.data.version}.` }
        : { routerId: router.id, ok: false, text: `${router.name}: ${result.message}` },
    );
    startRefresh(() => refresh.refresh());
  };

  const connected = routers.some((r) => r.status === "online" || r.status === "degraded");
  return (
    <>
      {routers.length > 0 ? (
        <ul className="flex flex-col gap-2 text-sm" aria-label="Routers added">
          {routers.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border px-3 py-2">
              <span className="min-w-0 flex-1 break-words">
                <RouterMark router={r} testing={testing === r.id} /> <span className="font-medium">{r.name}</span>{" "}
                <span className="text-muted-foreground">— {r.address}</span>
                {testing !== r.id && r.status !== "online" && r.lastError ? (
                  <span className="mt-0.5 block text-xs text-danger">{r.lastError}</span>
                ) : null}
              </span>
              {r.status !== "online" ? (
                <span className="flex gap-1">
                  <EditRouterButton routerId={r.id} initial={r.form} sites={sites} />
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={testing !== null}
                    onClick={() => void test(r)}
                    aria-label={`Test connection to ${r.name}`}
                  >
                    {testing === r.id ? "Testing…" : r.status === "unknown" ? "Test connection" : "Test again"}
                  </Button>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p role="status" className={outcome ? (outcome.ok ? "text-sm text-success" : "text-sm text-danger") : "sr-only"}>
        {testing ? "Testing the connection…" : (outcome?.text ?? "")}
      </p>
      <RouterForm sites={sites} createdMessage="Router added. Testing the connection…" onCreated={(router) => void test(router)} />
      {connected ? (
        <div>
          <StepControls step="routers" label="Continue to plans" variant="default" />
        </div>
      ) : routers.length > 0 ? (
        <p className="text-sm text-muted-foreground">
          Continue appears once NetSphere has logged in to a router. Fix the address or password with Edit, or skip this step and add routers later.
        </p>
      ) : null}
    </>
  );
}

function RouterMark({ router, testing }: { router: OnboardingRouter; testing: boolean }) {
  if (testing) return <span aria-hidden="true">…</span>;
  if (router.status === "online")
    return (
      <>
        <span aria-hidden="true" className="text-success">
          ✓
        </span>
        <span className="sr-only">Connected:</span>
      </>
    );
  if (router.status === "unknown") return <span className="text-muted-foreground">Not tested:</span>;
  return (
    <>
      <span aria-hidden="true" className="text-danger">
        ✗
      </span>
      <span className="sr-only">Could not connect:</span>
    </>
  );
}
