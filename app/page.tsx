import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";

export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  redirect(user.platformOperator && !user.tenantId ? "/platform" : "/dashboard");
}
