/*
 * Top talkers: the ISP's subscribers by volume over a period, from the period's stored sums while they are recent
 * (period-usage.ts, every 5 minutes), else from the hourly and daily rollups (periods.ts picks which rows cover it). One statement: the sums per subscriber over the rollup rows, ranked and cut to the
 * page, and only the page's rows joined to their customer, plan, router and site. For a subscriber the router's tx
 * is their download and rx their upload.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { withHeavyReadSettings } from "@/lib/monitoring/heavy-reads";
import { num, subscriberRollupRows } from "./sql";
import { usableMark } from "./period-usage";
import type { Range } from "./periods";
import { TALKERS_PAGE_SIZE, type TalkerSort } from "./values";

export type TopTalker = {
  rank: number;
  subscriptionId: string;
  username: string | null;
  customerId: string | null;
  customerName: string | null;
  accountNumber: string | null;
  planName: string | null;
  routerId: string | null;
  routerName: string | null;
  siteName: string | null;
  downloadBytes: number;
  uploadBytes: number;
  totalBytes: number;
};

export type TopTalkersPage = {
  rows: TopTalker[];
  /** Subscribers with traffic in the period (after the filters). */
  subscribers: number;
  /** Their volume together, for each row's share. */
  totals: { downloadBytes: number; uploadBytes: number; totalBytes: number };
  page: number;
  pageSize: number;
  /** When the sums were made, if they came from the stored period sums (period-usage.ts) rather than the rollups now. */
  asOf: Date | null;
};

export type TopTalkersInput = {
  tenantId: string;
  range: Range;
  now: Date;
  /** Traffic through this site's or router's routers, of subscriptions on this plan. */
  siteId?: string;
  routerId?: string;
  planId?: string;
  sort: TalkerSort;
  page: number;
  /** Rows per page; `null` = all of them (the CSV export). */
  pageSize?: number | null;
  /** The period's key (`periodSlug`): its stored sums are read when they are recent and cover the range's start. */
  period?: string;
};

const sortColumn = { total: sql.raw("total"), download: sql.raw("download"), upload: sql.raw("upload") } as const;

type Row = {
  subject: string;
  download: string | number;
  upload: string | number;
  total: string | number;
  subscribers: number;
  all_download: string | number;
  all_upload: string | number;
  username: string | null;
  customer_id: string | null;
  customer_name: string | null;
  account_number: string | null;
  plan_name: string | null;
  router_id: string | null;
  router_name: string | null;
  site_name: string | null;
};

export async function topTalkers(db: DbOrTx, input: TopTalkersInput): Promise<TopTalkersPage> {
  const { tenantId, sort } = input;
  const pageSize = input.pageSize === null ? null : (input.pageSize ?? TALKERS_PAGE_SIZE);
  const offset = pageSize === null ? 0 : (input.page - 1) * pageSize;
  const router = input.routerId ? sql` and p.router_id = ${input.routerId}` : sql``;
  const site = input.siteId
    ? sql` and p.router_id in (select r.id from routers r where r.tenant_id = ${tenantId} and r.site_id = ${input.siteId})`
    : sql``;
  const plan = input.planId
    ? sql` and p.subject in (select s.id::text from subscriptions s where s.tenant_id = ${tenantId} and s.plan_id = ${input.planId})`
    : sql``;
  const order = sortColumn[sort];
  const mark = input.period ? await usableMark(db, { tenantId, key: input.period, range: input.range, now: input.now }) : null;
  const usage = mark
    ? sql`select p.subject, sum(p.download_bytes) as download, sum(p.upload_bytes) as upload, sum(p.download_bytes + p.upload_bytes) as total
      from subscriber_period_usage p where p.tenant_id = ${tenantId} and p.period = ${mark.key}${router}${site}${plan}
      group by p.subject`
    : sql`select p.subject, sum(p.tx_bytes) as download, sum(p.rx_bytes) as upload, sum(p.tx_bytes + p.rx_bytes) as total
      from (${subscriberRollupRows(tenantId, input.range, input.now, sql`${router}${site}${plan}`)}) p
      group by p.subject`;
  const result = await withHeavyReadSettings(db, (tx) =>
    tx.execute(sql`
    with usage as (${usage}),
    ranked as (
      select u.*, count(*) over () as subscribers, sum(u.download) over () as all_download, sum(u.upload) over () as all_upload
      from usage u
      order by ${order} desc, u.subject
      ${pageSize === null ? sql`` : sql`limit ${pageSize}`} offset ${offset}
    )
    select ranked.*, s.username, s.customer_id, c.name as customer_name, c.account_number, pl.name as plan_name,
      r.id as router_id, r.name as router_name, st.name as site_name
    from ranked
    left join subscriptions s on s.id::text = ranked.subject and s.tenant_id = ${tenantId}
    left join customers c on c.id = s.customer_id and c.tenant_id = ${tenantId}
    left join service_plans pl on pl.id = s.plan_id and pl.tenant_id = ${tenantId}
    left join routers r on r.id = s.router_id and r.tenant_id = ${tenantId}
    left join sites st on st.id = r.site_id and st.tenant_id = ${tenantId}
    order by ranked.${order} desc, ranked.subject`),
  );
  const rows = rowsOf<Row>(result);
  const first = rows[0];
  const totals = first
    ? { downloadBytes: num(first.all_download), uploadBytes: num(first.all_upload), totalBytes: num(first.all_download) + num(first.all_upload) }
    : { downloadBytes: 0, uploadBytes: 0, totalBytes: 0 };
  return {
    rows: rows.map((row, index) => ({
      rank: offset + index + 1,
      subscriptionId: row.subject,
      username: row.username,
      customerId: row.customer_id,
      customerName: row.customer_name,
      accountNumber: row.account_number,
      planName: row.plan_name,
      routerId: row.router_id,
      routerName: row.router_name,
      siteName: row.site_name,
      downloadBytes: num(row.download),
      uploadBytes: num(row.upload),
      totalBytes: num(row.total),
    })),
    // A page past the end has no rows to carry the count: it is then only known to be at most the offset.
    subscribers: first ? num(first.subscribers) : 0,
    totals,
    page: input.page,
    pageSize: pageSize ?? rows.length,
    asOf: mark?.computedAt ?? null,
  };
}
