import { cn } from "@/lib/core/cn";

/** A notice at the top of a portal page: what happened and what to do. */
export function PortalNotice({ tone, title, children }: { tone: "danger" | "warning" | "info"; title: string; children?: React.ReactNode }) {
  return (
    <section
      aria-label={title}
      className={cn(
        "rounded-lg border bg-card p-4",
        tone === "danger" && "border-danger/60",
        tone === "warning" && "border-warning/60",
        tone === "info" && "border-primary/50",
      )}
    >
      <h2 className={cn("font-semibold", tone === "danger" && "text-danger", tone === "warning" && "text-warning")}>{title}</h2>
      {children ? <div className="mt-1 text-sm">{children}</div> : null}
    </section>
  );
}
