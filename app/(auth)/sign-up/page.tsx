import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";

export const metadata = { title: "Create your ISP account" };

export default function SignUpPage() {
  return (
    <AuthCard
      title="Create your ISP account"
      description="Start on the Basic plan; upgrade any time."
      footer={
        <span>
          Already have an account?{" "}
          <Link className="text-primary underline underline-offset-4" href="/sign-in">
            Sign in
          </Link>
        </span>
      }
    >
      <SignUpForm />
    </AuthCard>
  );
}
