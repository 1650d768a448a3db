import { cn } from "@/lib/core/cn";

export type TableColumn = { label: string; align?: "left" | "right"; srOnly?: boolean };

/**
 * A bordered, horizontally scrollable data table with a header row; rows come as children. With `label`
 * the scroll area is a named region keyboard users can focus and scroll, for tables whose rows may hold
 * no link or button (a read-only view on a phone).
 */
export function DataTable({
  columns,
  children,
  className,
  label,
}: {
  columns: TableColumn[];
  children: React.ReactNode;
  className?: string;
  label?: string;
}) {
  return (
    <div
      className={cn("relative overflow-x-auto rounded-lg border bg-card focus-visible:outline-2 focus-visible:outline-ring", className)}
      {...(label ? { role: "region", "aria-label": label, tabIndex: 0 } : {})}
    >
      <table className="w-full text-sm">
        <thead className="border-b text-left text-muted-foreground">
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={cn("p-3 font-medium", c.align === "right" && "text-right")}>
                {c.srOnly ? <span className="sr-only">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y">{children}</tbody>
      </table>
    </div>
  );
}
