import type { CustomerSortKey } from "@/lib/customers/list";

export type ColumnId = "status" | "account" | "name" | "phone" | "email" | "area" | "plan" | "username" | "tags" | "created";

export type ColumnDef = { id: ColumnId; label: string; sort?: CustomerSortKey; hideable: boolean; defaultHidden?: boolean };

/** The table's columns in display order; the name always shows (it is the row's link). */
export const columns: ColumnDef[] = [
  { id: "name", label: "Name", sort: "name", hideable: false },
  { id: "account", label: "Account no.", sort: "account", hideable: true },
  { id: "status", label: "Status", sort: "status", hideable: true },
  { id: "phone", label: "Phone", hideable: true },
  { id: "email", label: "Email", hideable: true, defaultHidden: true },
  { id: "area", label: "City / barangay", sort: "city", hideable: true },
  { id: "plan", label: "Plan", hideable: true },
  { id: "username", label: "Username", hideable: true },
  { id: "tags", label: "Tags", hideable: true },
  { id: "created", label: "Created", sort: "created", hideable: true },
];

export const defaultHiddenColumns: ColumnId[] = columns.filter((c) => c.defaultHidden).map((c) => c.id);
