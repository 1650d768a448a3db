import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <AuthCard
      title="Sign in to NetSphere"
      description="Staff sign-in for your ISP."
      footer={
        <div className="flex flex-wrap justify-between gap-2">
          <Link className="text-primary underline-offset-4 hover:underline" href="/forgot-password">
            Forgot password?
          </Link>
          <span>
            New ISP?{" "}
            <Link className="text-primary underline-offset-4 hover:underline" href="/sign-up">
              Create an account
            </Link>
          </span>
        </div>
      }
    >
      <SignInForm />
    </AuthCard>
  );
}
