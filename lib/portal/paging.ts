import { z } from "zod";
import { withoutNul } from "@/lib/core/action";

const pageSchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

/** `?page=` of a portal list; anything odd is page 1. */
export async function pageOf(searchParams: Promise<Record<string, string | string[] | undefined>>): Promise<number> {
  const raw = (await searchParams).page;
  return pageSchema.parse(withoutNul({ page: Array.isArray(raw) ? raw[0] : raw })).page;
}

/** Newer/older links for a list on `path`. */
export const pagerLinks = (path: string, page: number, hasMore: boolean) => ({
  newer: page > 1 ? `${path}?page=${page - 1}` : null,
  older: hasMore ? `${path}?page=${page + 1}` : null,
});
