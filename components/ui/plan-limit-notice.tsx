import Link from "next/link";
import { cn } from "@/lib/core/cn";

/** Shown when an action was refused for the NetSphere plan's cap: what is full and where to upgrade. */
export function PlanLimitNotice({ upgradeUrl, what, className }: { upgradeUrl: string | null; what: "customer" | "router"; className?: string }) {
  if (!upgradeUrl) return null;
  return (
    <p role="alert" className={cn("rounded-md border border-warning/60 p-3 text-sm", className)}>
      Your plan&apos;s {what} limit is reached.{" "}
      <Link className="text-primary underline" href={upgradeUrl}>
        Upgrade your NetSphere plan
      </Link>{" "}
      to add more {what}s.
    </p>
  );
}
