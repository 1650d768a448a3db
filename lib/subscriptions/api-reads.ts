/*
 * Subscriptions as the public API reads them: a page at a time by cursor (keyset on the sort column and the id),
 * and one by id. The service password and its envelope are never selected here.
 */
import { and, eq, type SQL } from "drizzle-orm";
import { cursorValue, keyset, pageOf, type SortOrder } from "@/lib/core/cursor";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import type { SubscriptionStatus } from "@/lib/subscriptions/values";
import { subscriptions } from "./schema";

export { provisionStates } from "./schema";

export const apiSubscriptionSorts = ["createdAt", "username"] as const;

/** Every column but the password envelope. */
const apiColumns = {
  id: subscriptions.id,
  customerId: subscriptions.customerId,
  planId: subscriptions.planId,
  routerId: subscriptions.routerId,
  username: subscriptions.username,
  staticIp: subscriptions.staticIp,
  macAddress: subscriptions.macAddress,
  status: subscriptions.status,
  startDate: subscriptions.startDate,
  endDate: subscriptions.endDate,
  billingMode: subscriptions.billingMode,
  billedThrough: subscriptions.billedThrough,
  suspendedAt: subscriptions.suspendedAt,
  suspendedReason: subscriptions.suspendedReason,
  suspensionSource: subscriptions.suspensionSource,
  provisionState: subscriptions.provisionState,
  provisionError: subscriptions.provisionError,
  provisionedAt: subscriptions.provisionedAt,
  createdAt: subscriptions.createdAt,
  updatedAt: subscriptions.updatedAt,
};

const sortColumns = { createdAt: subscriptions.createdAt, username: subscriptions.username };

export async function pageSubscriptionsForApi(
  db: DbOrTx,
  input: {
    tenantId: string;
    customerId?: string;
    status?: SubscriptionStatus;
    planId?: string;
    routerId?: string;
    order: SortOrder;
    cursor?: string;
    limit: number;
  },
): Promise<{ data: ApiSubscriptionRow[]; nextCursor: string | null }> {
  const column = sortColumns[input.order.field as keyof typeof sortColumns] ?? subscriptions.createdAt;
  const { where, orderBy } = keyset(column, subscriptions.id, input.order, input.cursor);
  const filters: (SQL | undefined)[] = [eq(subscriptions.tenantId, input.tenantId), where];
  if (input.customerId) filters.push(eq(subscriptions.customerId, input.customerId));
  if (input.status) filters.push(eq(subscriptions.status, input.status));
  if (input.planId) filters.push(eq(subscriptions.planId, input.planId));
  if (input.routerId) filters.push(eq(subscriptions.routerId, input.routerId));
  const rows = await db
    .select({ row: apiColumns, at: cursorValue(column) })
    .from(subscriptions)
    .where(and(...filters))
    .orderBy(...orderBy)
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (row) => ({ v: row.at, id: row.row.id }));
  return { data: page.data.map((row) => row.row), nextCursor: page.nextCursor };
}

/** One subscription of the tenant; another ISP's reads as not found. */
export async function getSubscriptionForApi(db: DbOrTx, { tenantId, subscriptionId }: { tenantId: string; subscriptionId: string }) {
  if (!isUuid(subscriptionId)) throw notFound("Subscription");
  const [row] = await db
    .select(apiColumns)
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, subscriptionId)));
  if (!row) throw notFound("Subscription");
  return row;
}

export type ApiSubscriptionRow = Awaited<ReturnType<typeof getSubscriptionForApi>>;
