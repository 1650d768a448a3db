import { AuthCard } from "@/components/auth/auth-card";
import { TwoFactorChallenge } from "@/components/auth/two-factor-challenge";

export const metadata = { title: "Two-factor authentication" };

export default function TwoFactorPage() {
  return (
    <AuthCard title="Two-factor authentication" description="Enter the code from your authenticator app to finish signing in.">
      <TwoFactorChallenge />
    </AuthCard>
  );
}
