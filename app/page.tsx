import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";

export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (user.platformOperator && !user.tenantId) redirect("/platform");
  const setupPending = user.onboardingStep && user.onboardingStep !== "done" && (user.role === "owner" || user.role === "admin");
  if (setupPending) redirect("/onboarding");
  // Technicians start their day on their job list (also the installed app's start page).
  redirect(user.role === "technician" ? "/field" : "/dashboard");
}
