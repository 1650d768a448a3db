import { cn } from "@/lib/core/cn";

export type TableColumn = { label: string; align?: "left" | "right"; srOnly?: boolean };

/** A bordered, horizontally scrollable data table with a header row; rows come as children. */
export function DataTable({ columns, children, className }: { columns: TableColumn[]; children: React.ReactNode; className?: string }) {
  return (
    <div className={cn("relative overflow-x-auto rounded-lg border bg-card", className)}>
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
