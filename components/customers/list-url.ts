/** The customer list's state lives in the URL; these build its links (pure, safe on server and client). */
export type ListParams = Partial<Record<"q" | "status" | "plan" | "router" | "city" | "barangay" | "tag" | "sort" | "dir" | "page" | "size", string>>;

export const filterKeys = ["q", "status", "plan", "router", "city", "barangay", "tag"] as const;

/** `/customers?…` with `changes` applied; any change other than the page itself goes back to page 1. */
export function listHref(current: ListParams, changes: ListParams, base = "/customers"): string {
  const next: ListParams = { ...current, ...changes };
  if (!("page" in changes)) delete next.page;
  if (next.page === "1") delete next.page;
  if ("city" in changes && changes.city !== current.city) delete next.barangay;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) if (value) query.set(key, value);
  const qs = query.toString();
  return qs ? `${base}?${qs}` : base;
}

/** The filters only (no sort/page), e.g. for the CSV export link. */
export function filterQuery(current: ListParams): string {
  const query = new URLSearchParams();
  for (const key of filterKeys) if (current[key]) query.set(key, current[key]!);
  for (const key of ["sort", "dir"] as const) if (current[key]) query.set(key, current[key]!);
  return query.toString();
}

export const hasFilters = (current: ListParams) => filterKeys.some((k) => !!current[k]);
