import type { StaffRole } from "@/lib/auth/schema";
import type { Db } from "@/lib/db/types";

/** Who is acting: built from the session only, never from request input. */
export type StaffContext = {
  db: Db;
  userId: string;
  userName: string;
  email: string;
  tenantId: string;
  role: StaffRole;
  ipAddress?: string | null;
};
