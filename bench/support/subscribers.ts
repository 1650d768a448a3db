/**
 * Seeds `count` customers with one active subscription each ("ACC-000001" / "sub1", …), spread over the tenant's
 * plans and routers by number (subscriber g gets plan g mod plans and router g mod routers, both in name order), in
 * set-based statements of `batch` rows.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { encryptSecret } from "@/lib/core/crypto";

export async function seedSubscribers(db: Db, { tenantId, count, batch = 20_000 }: { tenantId: string; count: number; batch?: number }) {
  const secret = encryptSecret("pw");
  for (let start = 1; start <= count; start += batch) {
    const end = Math.min(count, start + batch - 1);
    await db.execute(sql`
      with inserted as (
        insert into customers (tenant_id, account_number, name)
        select ${tenantId}, 'ACC-' || lpad(g::text, 6, '0'), 'Subscriber ' || g from generate_series(${start}::int, ${end}::int) g
        returning id, account_number
      ),
      plan_ids as (select array(select id from service_plans where tenant_id = ${tenantId} order by name) as ids),
      router_ids as (select array(select id from routers where tenant_id = ${tenantId} order by name) as ids)
      insert into subscriptions (tenant_id, customer_id, plan_id, router_id, username, password_encrypted, start_date, status)
      select ${tenantId}, c.id, p.ids[1 + n.g % cardinality(p.ids)], r.ids[1 + n.g % cardinality(r.ids)], 'sub' || n.g, ${secret}, '2026-01-01', 'active'
      from inserted c cross join lateral (select substr(c.account_number, 5)::int as g) n cross join plan_ids p cross join router_ids r`);
  }
}
