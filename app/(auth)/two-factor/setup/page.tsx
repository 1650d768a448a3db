import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { TwoFactorSetup } from "@/components/auth/two-factor-setup";
import { getSessionUser } from "@/lib/auth/session";

export const metadata = { title: "Set up two-factor authentication" };

export default async function TwoFactorSetupPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (user.twoFactorEnabled) redirect("/");
  return (
    <AuthCard title="Secure your account" description="Owners and admins must use two-factor authentication. It takes a minute.">
      <TwoFactorSetup />
    </AuthCard>
  );
}
