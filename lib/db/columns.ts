/* Column builders every domain's schema uses: a timestamp with time zone, and the owning ISP (deleted with it). */
import { timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";

export const ts = (name: string) => timestamp(name, { withTimezone: true });

export const tenantRef = () =>
  uuid("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" });
