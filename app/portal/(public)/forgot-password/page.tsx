import Link from "next/link";
import { notFound } from "next/navigation";
import { signedOutIsp, type SearchParams } from "@/lib/portal/pages";
import { PortalAuthFrame } from "@/components/portal/auth-frame";
import { RequestLinkForm } from "@/components/portal/sign-in-forms";

export const metadata = { title: "Reset your password" };

export default async function PortalForgotPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const branding = await signedOutIsp(searchParams);
  if (!branding) notFound();
  return (
    <PortalAuthFrame
      branding={branding}
      title="Reset your password"
      description="We email a link to choose a new password to the address on your account. First time here? This sets your password too."
      footer={
        <Link className="text-primary underline underline-offset-4" href={`/portal/sign-in?isp=${branding.id}`}>
          Back to sign in
        </Link>
      }
    >
      <RequestLinkForm isp={branding.id} kind="reset" />
    </PortalAuthFrame>
  );
}
