import type { StaffRole } from "@/lib/auth/schema";
import type { Db } from "@/lib/db/types";
import { todayIn } from "@/lib/core/calendar";
import { timeZoneOrDefault } from "@/lib/core/time-zones";

/** Who is acting: built from the session only, never from request input. */
export type StaffContext = {
  db: Db;
  userId: string;
  userName: string;
  email: string;
  tenantId: string;
  role: StaffRole;
  ipAddress?: string | null;
  /** The ISP's time zone: what "today" means on its pages and forms (Asia/Manila when unknown). */
  timeZone?: string;
  /**
   * Set while the ISP's NetSphere account is read-only (an invoice overdue too long): every change is refused with
   * this message (the action and route wrappers), reads and paying NetSphere stay open.
   */
  writesBlocked?: { message: string } | null;
};

/** Today's calendar date where the ISP is: the default date of its forms (a payment received, a service start). */
export const staffToday = (ctx: Pick<StaffContext, "timeZone">) => todayIn(timeZoneOrDefault(ctx.timeZone));
