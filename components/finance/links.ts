/** Links from a figure to the rows behind it (/finance/details) and to their CSV (/api/finance/export). */
export type DetailQuery = { metric: string } & Record<string, string | undefined>;

function query(params: DetailQuery): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  return search.toString();
}

export const detailHref = (params: DetailQuery) => `/finance/details?${query(params)}`;
export const exportHref = (params: DetailQuery) => `/api/finance/export?${query(params)}`;

/** 3750 basis points → "37.5%". */
export const formatShare = (bps: number) => `${(bps / 100).toLocaleString("en-PH", { maximumFractionDigits: 1 })}%`;
