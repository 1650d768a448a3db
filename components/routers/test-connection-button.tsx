"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { testRouterConnectionAction } from "@/lib/routers/actions/test-connection";
import { Button } from "@/components/ui/button";

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/** Logs in to the router and shows identity, RouterOS version, board, uptime, CPU and memory. */
export function TestConnectionButton({ routerId, routerName }: { routerId: string; routerName: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        aria-label={`Test connection to ${routerName}`}
        onClick={() =>
          start(async () => {
            const outcome = await testRouterConnectionAction({ routerId });
            router.refresh();
            if (!outcome.ok) {
              setResult(null);
              toast.error(`${routerName}: ${outcome.message}`);
              return;
            }
            const h = outcome.data;
            setResult(
              `${h.identity} · RouterOS ${h.version} · ${h.board} · up ${h.uptime} · CPU ${h.cpuLoadPercent}% · ${mib(h.freeMemoryBytes)} free of ${mib(h.totalMemoryBytes)}`,
            );
            toast.success(`${routerName} is online.`);
          })
        }
      >
        {pending ? "Testing…" : "Test connection"}
      </Button>
      {result ? (
        <p role="status" className="text-xs text-muted-foreground">
          {result}
        </p>
      ) : null}
    </div>
  );
}
