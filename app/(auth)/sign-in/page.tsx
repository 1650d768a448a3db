import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ reset?: string }> }) {
  const { reset } = await searchParams;
  return (
    <AuthCard
      title="Sign in to NetSphere"
      description="Staff sign-in for your ISP."
      footer={
        <div className="flex flex-wrap justify-between gap-2">
          <Link className="text-primary underline underline-offset-4" href="/forgot-password">
            Forgot password?
          </Link>
          <span>
            New ISP?{" "}
            <Link className="text-primary underline underline-offset-4" href="/sign-up">
              Create an account
            </Link>
          </span>
        </div>
      }
    >
      {reset ? (
        <p role="status" className="mb-4 rounded-md border border-success/50 px-3 py-2 text-sm">
          Your password was changed. Sign in with the new one.
        </p>
      ) : null}
      <SignInForm />
    </AuthCard>
  );
}
