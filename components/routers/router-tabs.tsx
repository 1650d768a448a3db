"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/core/cn";

const tabs = [
  { segment: "", label: "Overview" },
  { segment: "hotspot", label: "Hotspot" },
  { segment: "queues", label: "Queues" },
  { segment: "traffic", label: "Traffic" },
  { segment: "provisioning", label: "Provisioning" },
] as const;

/** The router's sections as links; the current one carries aria-current="page". */
export function RouterTabs({ routerId }: { routerId: string }) {
  const pathname = usePathname();
  const base = `/routers/${routerId}`;
  return (
    <nav aria-label="Router sections" className="-mx-1 overflow-x-auto print:hidden">
      <ul className="flex min-w-max gap-1 border-b px-1">
        {tabs.map((tab) => {
          const href = tab.segment ? `${base}/${tab.segment}` : base;
          const current = tab.segment ? pathname === href || pathname.startsWith(`${href}/`) : pathname === base;
          return (
            <li key={tab.label}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "-mb-px inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
                  current ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
