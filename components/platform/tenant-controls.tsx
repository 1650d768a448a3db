"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { operatorChangePlanAction, operatorSetTenantStatusAction } from "@/lib/tenants/actions/platform";
import { NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

export function TenantControls({
  tenantId,
  tenantName,
  planId,
  status,
  plans,
}: {
  tenantId: string;
  tenantName: string;
  planId: string;
  status: "active" | "suspended";
  plans: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<{ ok: boolean; message?: string }>, success: string) =>
    start(async () => {
      const result = await fn();
      if (!result.ok) return void toast.error(result.message);
      toast.success(success);
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`plan-${tenantId}`}>
        Plan of {tenantName}
      </label>
      <NativeSelect
        id={`plan-${tenantId}`}
        className="h-8 w-auto text-xs"
        defaultValue={planId}
        disabled={pending}
        onChange={(e) =>
          run(
            () => operatorChangePlanAction({ tenantId, saasPlanId: e.target.value }),
            `${tenantName} moved to ${plans.find((p) => p.id === e.target.value)?.name}.`,
          )
        }
      >
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </NativeSelect>
      <Button
        size="sm"
        variant={status === "active" ? "danger" : "outline"}
        disabled={pending}
        onClick={() => {
          if (status === "active" && !window.confirm(`Suspend ${tenantName}? Its staff are signed out at once.`)) return;
          run(
            () => operatorSetTenantStatusAction({ tenantId, status: status === "active" ? "suspended" : "active" }),
            status === "active" ? `${tenantName} suspended.` : `${tenantName} reactivated.`,
          );
        }}
      >
        {status === "active" ? "Suspend" : "Reactivate"}
      </Button>
    </div>
  );
}
